package io.pmos.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PMOS metric names a rules file or dashboard queries (pmos_* and the HTTP server series; not Prometheus' own up). */
final class MonitoringNames {

    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_:])((?:pmos|http_server_requests)_[a-z0-9_]+)");

    private MonitoringNames() {
    }

    static Set<String> in(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
