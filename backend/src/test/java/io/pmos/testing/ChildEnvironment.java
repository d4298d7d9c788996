package io.pmos.testing;

import java.util.Map;

/**
 * The environment of a stand-in process the tests start (the reference MCP server, the local Flow Pieces): only PATH,
 * HOME and LANG of the test JVM's, like infra/scripts/local-services.sh, so a tool that prints its environment
 * (server-everything's get-env) shows nothing of the test's or the developer's settings.
 */
public final class ChildEnvironment {

    private ChildEnvironment() {
    }

    /** Empties a ProcessBuilder's environment down to PATH, HOME and LANG; the caller adds the service's own settings. */
    public static void minimal(Map<String, String> environment) {
        String path = environment.get("PATH");
        String home = environment.get("HOME");
        environment.clear();
        environment.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        environment.put("HOME", home == null ? System.getProperty("java.io.tmpdir") : home);
        environment.put("LANG", "C.UTF-8");
    }
}
