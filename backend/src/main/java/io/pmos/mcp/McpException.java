package io.pmos.mcp;

/**
 * The one failure type of the MCP client: a stable code and a plain sentence for a workspace admin.
 * Messages never carry credentials, headers, stack text or raw exception text from the network layer.
 */
public class McpException extends RuntimeException {

    private final McpErrorCode code;
    private final Integer httpStatus;
    private final Integer rpcCode;

    public McpException(McpErrorCode code, String message) {
        this(code, message, null, null);
    }

    public McpException(McpErrorCode code, String message, Integer httpStatus, Integer rpcCode) {
        // no stack: the failure happened in a network callback, where a stack says nothing useful
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.rpcCode = rpcCode;
    }

    public McpErrorCode code() {
        return code;
    }

    /** The HTTP status that caused the failure, when there was one. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** The JSON-RPC error code the server sent, for {@link McpErrorCode#MCP_PROTOCOL_ERROR}. */
    public Integer rpcCode() {
        return rpcCode;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
