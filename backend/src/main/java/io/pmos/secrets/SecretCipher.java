package io.pmos.secrets;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AES-256-GCM with a 96-bit random nonce, bound to a context string (AAD) so a ciphertext cannot be moved to
 * another row. Stored form: {@code <version>.<keyId>.<base64url(nonce || ciphertext || tag)>}, where keyId names the
 * master key, so several keys can be loaded during a rotation. The version tells the caller which context the
 * ciphertext was sealed with ({@code v1}, or {@code v2} for connector secrets bound to their destination); the
 * cipher itself treats both alike. Plain Java, shared by the app and the rotation tool.
 */
public final class SecretCipher {

    public static final String V1 = "v1";
    public static final String V2 = "v2";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, byte[]> keys = new LinkedHashMap<>();

    /** The first key encrypts; all of them decrypt. */
    public SecretCipher(List<byte[]> masterKeys) {
        if (masterKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one master key is needed");
        }
        for (byte[] key : masterKeys) {
            if (key.length != 32) {
                throw new IllegalArgumentException("a master key must be 32 bytes (256 bits)");
            }
            keys.putIfAbsent(keyId(key), key.clone());
        }
        this.currentId = keyId(masterKeys.get(0));
    }

    public String currentKeyId() {
        return currentId;
    }

    public String encrypt(String plaintext, String context) {
        return encrypt(plaintext, context, V1);
    }

    /** Encrypts under the current key and marks the result with {@code version} (v1 or v2). */
    public String encrypt(String plaintext, String context, String version) {
        if (!V1.equals(version) && !V2.equals(version)) {
            throw new IllegalArgumentException("unknown ciphertext version");
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.get(currentId), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return version + "." + currentId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts, or throws {@link SecretUnreadableException} (unknown key, tampered data, wrong context). */
    public String decrypt(String stored, String context) {
        String[] parts = stored.split("\\.");
        if (parts.length != 3 || !V1.equals(parts[0]) && !V2.equals(parts[0])) {
            throw new SecretUnreadableException("stored secret has an unknown format");
        }
        byte[] key = keys.get(parts[1]);
        if (key == null) {
            throw new SecretUnreadableException("stored secret was encrypted with master key " + parts[1]
                    + ", which is not loaded");
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretUnreadableException("stored secret could not be decrypted (tampered, or another key)");
        }
    }

    /** Whether a stored value was sealed with the current key (the rotation tool skips those). */
    public boolean isCurrent(String stored) {
        String[] parts = stored.split("\\.");
        return parts.length == 3 && currentId.equals(parts[1]);
    }

    /** The version mark of a stored value (v1, v2), or "" when it has none. */
    public static String version(String stored) {
        int dot = stored.indexOf('.');
        return dot < 0 ? "" : stored.substring(0, dot);
    }

    /** A short public name for a key: the first 8 hex digits of its SHA-256. */
    public static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The mask shown instead of a secret: the last four characters of long secrets, nothing of short ones. */
    public static String mask(String hint) {
        return hint == null || hint.isEmpty() ? "••••" : "••••" + hint;
    }

    /** What is kept in clear to build the mask: the last four characters, only for secrets of 12+ characters. */
    public static String hint(String secret) {
        return secret.length() >= 12 ? secret.substring(secret.length() - 4) : "";
    }
}
