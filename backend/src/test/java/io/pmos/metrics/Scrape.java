package io.pmos.metrics;

import io.restassured.RestAssured;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** One scrape of /q/metrics on the management port, with the sums the tests assert on. */
record Scrape(List<String> lines) {

    static Scrape of(int managementPort) {
        String text = RestAssured.get("http://localhost:" + managementPort + "/q/metrics").then().statusCode(200)
                .extract().asString();
        return new Scrape(text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList());
    }

    /** Scrapes until {@code ok} holds (bounded to 20 s); the last scrape fails the test otherwise. */
    static Scrape until(int managementPort, Predicate<Scrape> ok, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Scrape s = of(managementPort);
        while (!ok.test(s)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("metrics never showed " + what + ":\n" + String.join("\n", s.lines));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            s = of(managementPort);
        }
        return s;
    }

    /** The series of a metric name whose labels contain every one of {@code labels} (e.g. status="failed"). */
    List<String> series(String name, String... labels) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String series = l.substring(0, l.lastIndexOf(' '));
            String metric = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            if (!metric.equals(name)) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= series.contains(label);
            }
            if (all) {
                out.add(l);
            }
        }
        return out;
    }

    double sum(String name, String... labels) {
        return series(name, labels).stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Every metric name in the scrape (with the _bucket/_count/_sum/_total suffixes as exported). */
    java.util.Set<String> names() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String l : lines) {
            String series = l.substring(0, l.lastIndexOf(' '));
            out.add(series.contains("{") ? series.substring(0, series.indexOf('{')) : series);
        }
        return out;
    }
}
