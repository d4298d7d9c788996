package io.pmos.shell;

/** How a shell command ended; exitCode is null when it was killed at the timeout. */
public record ShellResult(boolean ok, Integer exitCode, String stdout, String stderr, boolean timedOut,
                          boolean truncated, long durationMs) {
}
