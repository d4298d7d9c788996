package io.pmos.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where master keys come from: {@code PMOS_SECRET_KEY} (base64 of 32 bytes) or a key file created on first run
 * with mode 0600. During a rotation the next key waits in {@code <file>.next}; the previous one stays in
 * {@code <file>.previous}; all of them are loaded for decryption, the first one encrypts.
 */
public final class MasterKeyFile {

    private MasterKeyFile() {
    }

    /** Keys to load: the configured/current one first, then any rotation leftovers. */
    public static List<byte[]> load(String envKey, Path file) {
        List<byte[]> keys = new ArrayList<>();
        if (envKey != null && !envKey.isBlank()) {
            keys.add(decode(envKey, "PMOS_SECRET_KEY"));
        } else {
            if (!Files.exists(file)) {
                write(file, SecretCipher.newKey());
            }
            keys.add(read(file));
        }
        for (String suffix : new String[]{".next", ".previous"}) {
            Path extra = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(extra)) {
                keys.add(read(extra));
            }
        }
        return keys;
    }

    public static byte[] read(Path file) {
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the master key file " + file + ": " + e.getMessage());
        }
    }

    /** Writes a key file atomically with owner-only permissions. */
    public static void write(Path file, byte[] key) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the master key file " + file + ": " + e.getMessage());
        }
    }

    static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64 (expected 32 random bytes, base64-encoded)");
        }
        if (key.length != 32) {
            throw new IllegalStateException(source + " must hold 32 bytes (base64 of 256 random bits), found " + key.length);
        }
        return key;
    }
}
