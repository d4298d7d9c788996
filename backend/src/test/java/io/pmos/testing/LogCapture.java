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
    private final List<LogRecord> records = new ArrayList<>();

    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
            ext.copyAll(); // keep the MDC and the formatted message of the moment it was logged
        }
        records.add(record);
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

    /** The records at exactly this level whose formatted message contains a text. */
    public synchronized List<LogRecord> records(java.util.logging.Level level, String text) {
        return records.stream().filter(r -> r.getLevel().intValue() == level.intValue())
                .filter(r -> formatted(r).contains(text)).toList();
    }

    /** Records whose formatted message contains a text, at any level, as "LEVEL logger: message". */
    public synchronized List<String> lines(String text) {
        return records.stream().filter(r -> formatted(r).contains(text))
                .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + formatted(r)).toList();
    }

    /** The message with its parameters filled in, as the console shows it. */
    public static String formatted(LogRecord record) {
        return record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                : String.valueOf(record.getMessage());
    }

    /** The formatter of the console handler Quarkus installed (behind its delayed handler): JSON with PMOS_LOG_FORMAT=json. */
    public static java.util.logging.Formatter consoleFormatter() {
        List<Handler> queue = new ArrayList<>(List.of(Logger.getLogger("").getHandlers()));
        while (!queue.isEmpty()) {
            Handler h = queue.remove(0);
            if (h.getClass().getSimpleName().contains("Console") && h.getFormatter() != null) {
                return h.getFormatter();
            }
            if (h instanceof org.jboss.logmanager.ExtHandler ext) {
                queue.addAll(List.of(ext.getHandlers()));
            }
        }
        throw new AssertionError("no console handler found");
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
