package io.pmos.mcp;

import java.time.Duration;
import java.util.Locale;

/** Small formatting rules for the client's messages: readable sizes and durations, and tamed server text. */
final class Texts {

    private static final int MAX_SERVER_TEXT = 300;

    private Texts() {
    }

    static String bytes(long n) {
        if (n >= 1024 * 1024 && n % (1024 * 1024) == 0) {
            return n / (1024 * 1024) + " MiB";
        }
        if (n >= 1024 && n % 1024 == 0) {
            return n / 1024 + " KiB";
        }
        return n + " bytes";
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        return ms / 1000 + " s";
    }

    /** Server-provided text shown to admins: control characters flattened, length bounded; null stays null. */
    static String serverText(String text) {
        if (text == null) {
            return null;
        }
        String flat = text.replaceAll("[\\p{Cntrl}]+", " ").strip();
        if (flat.isEmpty()) {
            return null;
        }
        return flat.length() > MAX_SERVER_TEXT ? flat.substring(0, MAX_SERVER_TEXT) + "…" : flat;
    }

    /** The media type of a Content-Type header, lower case, without parameters; "" when absent. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }
}
