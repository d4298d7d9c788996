package io.pmos.common;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How origins are compared, and which settings are refused at start-up. */
class OriginsTest {

    @Test
    void originsCompareWithoutCaseOrTheSchemesDefaultPort() {
        assertEquals("https://pmos.example.com", Origins.normalize("HTTPS://PMOS.Example.com:443"));
        assertEquals("http://localhost:8080", Origins.normalize("http://localhost:8080"));
        assertEquals("http://[::1]:8080", Origins.normalize("http://[::1]:8080"));
    }

    @Test
    void opaqueAndNonWebOriginsMatchNothing() {
        for (String origin : List.of("null", "", "file://", "chrome-extension://abc", "http://user@host", "not a url")) {
            assertNull(Origins.normalize(origin), origin);
        }
    }

    @Test
    void aMalformedSettingStopsStartupWithAPlainMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Origins(Optional.of("pmos.example.com"), List.of()));
        assertTrue(e.getMessage().startsWith("PMOS_PUBLIC_URL must be an http(s) address"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Origins(Optional.of("https://pmos.example.com/app"), List.of()));
        e = assertThrows(IllegalArgumentException.class,
                () -> new Origins(Optional.empty(), List.of("https://ok.example", "ftp://files.example")));
        assertTrue(e.getMessage().startsWith("PMOS_ALLOWED_ORIGINS"), e.getMessage());
        new Origins(Optional.of("https://pmos.example.com/"), List.of("https://admin.example.com", " "));
    }
}
