package io.pmos.secrets;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretCipherTest {

    private final byte[] key = SecretCipher.newKey();
    private final SecretCipher cipher = new SecretCipher(List.of(key));

    @Test
    void roundTripsAndNeverRepeatsACiphertext() {
        String a = cipher.encrypt("sk-live-very-secret-value", "connector:ws/1");
        String b = cipher.encrypt("sk-live-very-secret-value", "connector:ws/1");
        assertNotEquals(a, b, "a fresh nonce per encryption");
        assertFalse(a.contains("secret-value"));
        assertTrue(a.startsWith("v1." + SecretCipher.keyId(key) + "."));
        assertEquals("sk-live-very-secret-value", cipher.decrypt(a, "connector:ws/1"));
    }

    @Test
    void aCiphertextMovedToAnotherRowOrTamperedWithIsRefused() {
        String sealed = cipher.encrypt("value", "connector:ws/1");
        assertThrows(SecretUnreadableException.class, () -> cipher.decrypt(sealed, "connector:ws/2"));
        char last = sealed.charAt(sealed.length() - 1);
        String tampered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThrows(SecretUnreadableException.class, () -> cipher.decrypt(tampered, "connector:ws/1"));
        assertThrows(SecretUnreadableException.class, () -> cipher.decrypt("garbage", "connector:ws/1"));
    }

    @Test
    void anotherKeyCannotReadItAndSaysWhichKeyIsMissing() {
        String sealed = cipher.encrypt("value", "c");
        SecretCipher other = new SecretCipher(List.of(SecretCipher.newKey()));
        SecretUnreadableException e = assertThrows(SecretUnreadableException.class, () -> other.decrypt(sealed, "c"));
        assertTrue(e.getMessage().contains(SecretCipher.keyId(key)));
        assertFalse(e.getMessage().contains("value"));
    }

    @Test
    void withSeveralKeysTheFirstEncryptsAndAllDecrypt() {
        byte[] next = SecretCipher.newKey();
        String old = cipher.encrypt("value", "c");
        SecretCipher both = new SecretCipher(List.of(next, key));
        assertEquals("value", both.decrypt(old, "c"));
        assertFalse(both.isCurrent(old));
        assertTrue(both.isCurrent(both.encrypt("value", "c")));
    }

    @Test
    void aV2SecretOpensOnlyForTheDestinationItWasSealedFor() {
        UUID ws = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        java.util.Map<String, String> config = new java.util.HashMap<>(java.util.Map.of("url", "https://BCGPT.example.com/mcp/",
                "authMode", "header", "headerName", "X-BCGPT-API-Key"));
        String binding = ConnectorSecrets.binding("mcp", config::get);
        assertEquals("mcp|https://bcgpt.example.com:443/mcp|header|x-bcgpt-api-key", binding);
        String sealed = cipher.encrypt("k", ConnectorSecrets.context(ws, id, binding), SecretCipher.V2);
        assertEquals(SecretCipher.V2, SecretCipher.version(sealed));
        assertEquals("k", cipher.decrypt(sealed, ConnectorSecrets.context(ws, id, binding)));
        for (var moved : List.of(java.util.Map.of("url", "https://evil.example.com/mcp"), java.util.Map.of("url", "http://bcgpt.example.com/mcp"),
                java.util.Map.of("url", "https://bcgpt.example.com:8443/mcp"), java.util.Map.of("url", "https://bcgpt.example.com/other"),
                java.util.Map.of("headerName", "x-other"), java.util.Map.of("authMode", "bearer"))) {
            java.util.Map<String, String> edited = new java.util.HashMap<>(config);
            edited.putAll(moved);
            String other = ConnectorSecrets.binding("mcp", edited::get);
            assertNotEquals(binding, other);
            assertThrows(SecretUnreadableException.class, () -> cipher.decrypt(sealed, ConnectorSecrets.context(ws, id, other)));
        }
        assertThrows(SecretUnreadableException.class, () -> cipher.decrypt("v1" + sealed.substring(2),
                ConnectorSecrets.context(ws, id)), "relabelled as v1 it does not open with the old context either");
        assertEquals("ai|openai|https://api.openai.com:443/v1", ConnectorSecrets.binding("ai", java.util.Map.of("provider", "openai")::get));
    }

    @Test
    void addressesWithoutAReadableHostNeverShareABinding() {
        java.util.function.Function<String, String> a = java.util.Map.of("url", "http://one_host:9911/", "authMode", "api_key")::get;
        java.util.function.Function<String, String> b = java.util.Map.of("url", "http://other_host:9911/", "authMode", "api_key")::get;
        assertNotEquals(ConnectorSecrets.binding("flow_pieces", a), ConnectorSecrets.binding("flow_pieces", b));
        // the same readable address in another spelling is the same destination
        assertEquals(ConnectorSecrets.binding("flow_pieces", java.util.Map.of("url", "http://FP.example/", "authMode", "api_key")::get),
                ConnectorSecrets.binding("flow_pieces", java.util.Map.of("url", "http://fp.example:80", "authMode", "api_key")::get));
    }

    @Test
    void masksShowAtMostTheLastFourCharactersOfLongSecrets() {
        assertEquals("abcd", SecretCipher.hint("sk-0123456789abcd"));
        assertEquals("", SecretCipher.hint("short"));
        assertEquals("••••abcd", SecretCipher.mask("abcd"));
        assertEquals("••••", SecretCipher.mask(""));
    }

    @Test
    void keysMustBe256Bits() {
        assertThrows(IllegalArgumentException.class, () -> new SecretCipher(List.of(new byte[16])));
    }
}
