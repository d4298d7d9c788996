package io.pmos.identity;

import io.pmos.config.PmosConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Argon2id password hashing (Bouncy Castle) in the PHC string format. Hashing is memory-hard and slow on
 * purpose, so it always runs on a worker thread and the result comes back on the caller's context.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Vertx vertx;
    private final int memoryKib;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    /** Compared against when an email is unknown, so both paths take the same time. */
    private volatile String decoy;

    public PasswordHasher(Vertx vertx, PmosConfig config) {
        this.vertx = vertx;
        this.memoryKib = config.auth().argon2MemoryKib();
        this.iterations = config.auth().argon2Iterations();
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> hashNow(password)));
    }

    public Uni<Boolean> verify(String password, String encoded) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> verifyNow(password, encoded)));
    }

    /** Spends the same effort as a real check and answers false: for unknown accounts. */
    public Uni<Boolean> verifyDecoy(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            if (decoy == null) {
                decoy = hashNow("decoy-" + random.nextLong());
            }
            verifyNow(password, decoy);
            return false;
        }));
    }

    String hashNow(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKib, iterations, 1, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(out);
    }

    boolean verifyNow(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
        if (parts.length != 6 || !"argon2id".equals(parts[1])) {
            return false;
        }
        int m = 0;
        int t = 0;
        int p = 0;
        for (String kv : parts[3].split(",")) {
            String[] pair = kv.split("=");
            int value = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> m = value;
                case "t" -> t = value;
                case "p" -> p = value;
                default -> {
                    return false;
                }
            }
        }
        byte[] salt = B64D.decode(parts[4]);
        byte[] expected = B64D.decode(parts[5]);
        byte[] actual = derive(password, salt, m, t, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
