package io.pmos.secrets;

import org.junit.jupiter.api.Test;

import java.util.List;

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
