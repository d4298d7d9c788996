package io.pmos.live;

/** A refused or failed live-update request, with a code sent to the client (FORBIDDEN, NOT_FOUND, BAD_MESSAGE...). */
public class LiveException extends RuntimeException {

    private final String code;

    public LiveException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
