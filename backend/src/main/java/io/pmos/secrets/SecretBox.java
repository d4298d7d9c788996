package io.pmos.secrets;

import io.pmos.config.PmosConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/** The application's handle on stored secrets: encrypt for storage, decrypt for use, mask for display. */
@ApplicationScoped
public class SecretBox {

    private static final Logger LOG = Logger.getLogger(SecretBox.class);

    private final SecretCipher cipher;

    public SecretBox(PmosConfig config) {
        Path file = Path.of(config.secrets().keyFile());
        String env = config.secrets().masterKey().orElse(null);
        this.cipher = new SecretCipher(MasterKeyFile.load(env, file));
        LOG.infof("Secrets: master key %s loaded from %s", cipher.currentKeyId(),
                env != null && !env.isBlank() ? "PMOS_SECRET_KEY" : file.toAbsolutePath());
    }

    public String seal(String plaintext, String context) {
        return cipher.encrypt(plaintext, context);
    }

    /** Seals with a version mark (see {@link SecretCipher}): v2 for contexts that include a destination binding. */
    public String seal(String plaintext, String context, String version) {
        return cipher.encrypt(plaintext, context, version);
    }

    public String open(String stored, String context) {
        return cipher.decrypt(stored, context);
    }
}
