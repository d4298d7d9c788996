package io.pmos.shell;

import java.util.List;

/** A command to run: the executable and its arguments, passed without a shell. */
public record ShellRequest(List<String> argv) {
}
