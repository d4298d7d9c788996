package io.pmos.mcp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Incremental text/event-stream parser following the WHATWG rules: chunks may split anywhere (inside a line, a
 * CRLF pair or a UTF-8 sequence); lines end in CRLF, LF or CR; ':' lines are comments; data lines accumulate;
 * id and retry are remembered for resuming. One instance per HTTP stream; not thread-safe.
 */
final class SseParser {

    /** Thrown from {@link #feed} when one event (its pending lines and data) grows past the cap. */
    static final class TooLargeException extends RuntimeException {
        TooLargeException() {
            super(null, null, false, false);
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int maxEventBytes;
    private final Consumer<SseEvent> listener;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private boolean firstLine = true;

    private final StringBuilder data = new StringBuilder();
    private int dataBytes;
    private String eventType = "";
    private String lastEventId;
    private Long retryMillis;

    SseParser(int maxEventBytes, String lastEventId, Consumer<SseEvent> listener) {
        this.maxEventBytes = maxEventBytes;
        this.lastEventId = lastEventId;
        this.listener = listener;
    }

    /** The id to send as Last-Event-ID when resuming; survives events without an id and is set by id-only events. */
    String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the server asked for, or null. */
    Long retryMillis() {
        return retryMillis;
    }

    void feed(byte[] chunk) {
        for (byte b : chunk) {
            if (lastWasCr) {
                lastWasCr = false;
                if (b == '\n') {
                    continue; // second half of a CRLF whose CR ended the line already
                }
            }
            if (b == '\r') {
                endLine();
                lastWasCr = true;
            } else if (b == '\n') {
                endLine();
            } else {
                append(b);
            }
        }
    }

    /**
     * The stream ended. An event without its closing blank line is dropped, as the SSE rules say: a stream cut
     * mid-event must not deliver half a message.
     */
    void end() {
        lineLength = 0;
        data.setLength(0);
        dataBytes = 0;
        eventType = "";
    }

    private void append(byte b) {
        if (lineLength + dataBytes >= maxEventBytes) {
            throw new TooLargeException();
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, 256), maxEventBytes + 1));
        }
        line[lineLength++] = b;
    }

    private void endLine() {
        int start = 0;
        if (firstLine) {
            firstLine = false;
            if (lineLength >= 3 && line[0] == BOM[0] && line[1] == BOM[1] && line[2] == BOM[2]) {
                start = 3;
            }
        }
        int length = lineLength - start;
        lineLength = 0;
        if (length == 0) {
            dispatch();
            return;
        }
        if (line[start] == ':') {
            return; // comment, often a keep-alive
        }
        int colon = -1;
        for (int i = start; i < start + length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        String field;
        String value;
        if (colon < 0) {
            field = new String(line, start, length, StandardCharsets.UTF_8);
            value = "";
        } else {
            field = new String(line, start, colon - start, StandardCharsets.UTF_8);
            int valueStart = colon + 1;
            if (valueStart < start + length && line[valueStart] == ' ') {
                valueStart++;
            }
            value = new String(line, valueStart, start + length - valueStart, StandardCharsets.UTF_8);
        }
        switch (field) {
            case "data" -> {
                data.append(value).append('\n');
                dataBytes += length + 1;
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.length() <= 9 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retryMillis = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored by the SSE rules
            }
        }
    }

    private void dispatch() {
        if (data.length() == 0) {
            eventType = "";
            return;
        }
        data.setLength(data.length() - 1); // the LF added after the last data line
        SseEvent event = new SseEvent(lastEventId, eventType.isEmpty() ? "message" : eventType, data.toString());
        data.setLength(0);
        dataBytes = 0;
        eventType = "";
        listener.accept(event);
    }
}
