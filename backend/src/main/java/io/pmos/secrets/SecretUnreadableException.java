package io.pmos.secrets;

/** A stored secret that cannot be decrypted with the loaded master keys; the message never holds secret text. */
public class SecretUnreadableException extends RuntimeException {

    public SecretUnreadableException(String message) {
        super(message, null, false, false);
    }
}
