package io.pmos.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects every log record written in this JVM (the app under @QuarkusTest included) while installed. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String message = record.getMessage();
        Object[] params = record.getParameters();
        if (params != null) {
            for (Object p : params) {
                message += " " + p;
            }
        }
        String line = message + (record.getThrown() == null ? "" : " " + record.getThrown());
        lines.add(line);
        if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() || record.getThrown() != null) {
            errors.add(record.getLevel() + " " + record.getLoggerName() + ": " + line);
        }
    }

    /** Lines logged at ERROR (SEVERE) or with a stack trace attached. */
    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** How many lines contain a text. */
    public synchronized long count(String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }

    public synchronized int size() {
        return lines.size();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
