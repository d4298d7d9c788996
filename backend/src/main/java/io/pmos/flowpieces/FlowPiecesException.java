package io.pmos.flowpieces;

/**
 * A failed call to Flow Pieces with a stable code (FLOW_PIECES_*) and a sentence for a person. Messages name
 * addresses and statuses, never credentials.
 */
public class FlowPiecesException extends RuntimeException {

    public static final String UNREACHABLE = "FLOW_PIECES_UNREACHABLE";
    public static final String HOST_NOT_FOUND = "FLOW_PIECES_HOST_NOT_FOUND";
    public static final String CONNECTION_REFUSED = "FLOW_PIECES_CONNECTION_REFUSED";
    public static final String TLS_FAILED = "FLOW_PIECES_TLS_FAILED";
    public static final String TIMEOUT = "FLOW_PIECES_TIMEOUT";
    /** A change timed out after it was sent: Flow Pieces may or may not have applied it. Never retried blindly. */
    public static final String OUTCOME_UNKNOWN = "FLOW_PIECES_OUTCOME_UNKNOWN";
    public static final String AUTH_FAILED = "FLOW_PIECES_AUTH_FAILED";
    public static final String PROJECT_NOT_FOUND = "FLOW_PIECES_PROJECT_NOT_FOUND";
    public static final String NOT_FOUND = "FLOW_PIECES_NOT_FOUND";
    public static final String REJECTED = "FLOW_PIECES_REJECTED";
    public static final String NOT_FLOW_PIECES = "FLOW_PIECES_WRONG_SERVICE";
    public static final String BAD_RESPONSE = "FLOW_PIECES_BAD_RESPONSE";
    public static final String SERVER_ERROR = "FLOW_PIECES_SERVER_ERROR";
    /** The outbound address policy refused the address (io.pmos.net.OutboundPolicy); same code for every client. */
    public static final String ADDRESS_NOT_ALLOWED = io.pmos.net.AddressNotAllowedException.CODE;

    private final String code;
    private final int httpStatus;

    public FlowPiecesException(String code, int httpStatus, String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    /** The status Flow Pieces answered, or 0 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Worth another try for an idempotent read: the network or the server had a passing problem. */
    public boolean isTransient() {
        return code.equals(UNREACHABLE) || code.equals(CONNECTION_REFUSED) || code.equals(TIMEOUT)
                || code.equals(SERVER_ERROR);
    }
}
