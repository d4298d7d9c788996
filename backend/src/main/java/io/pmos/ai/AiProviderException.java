package io.pmos.ai;

/** A failed call to an AI provider, with a stable code (AI_*) and a sentence that never holds the key. */
public class AiProviderException extends RuntimeException {

    public static final String HOST_NOT_FOUND = "AI_HOST_NOT_FOUND";
    public static final String CONNECTION_REFUSED = "AI_CONNECTION_REFUSED";
    public static final String UNREACHABLE = "AI_UNREACHABLE";
    public static final String TLS_FAILED = "AI_TLS_FAILED";
    public static final String TIMEOUT = "AI_TIMEOUT";
    public static final String KEY_MISSING = "AI_KEY_MISSING";
    public static final String KEY_INVALID = "AI_KEY_INVALID";
    public static final String MODEL_NOT_FOUND = "AI_MODEL_NOT_FOUND";
    public static final String RATE_LIMITED = "AI_RATE_LIMITED";
    public static final String BAD_RESPONSE = "AI_BAD_RESPONSE";
    public static final String SERVER_ERROR = "AI_SERVER_ERROR";
    /** The outbound address policy refused the address (io.pmos.net.OutboundPolicy); same code for every client. */
    public static final String ADDRESS_NOT_ALLOWED = io.pmos.net.AddressNotAllowedException.CODE;

    private final String code;

    public AiProviderException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
