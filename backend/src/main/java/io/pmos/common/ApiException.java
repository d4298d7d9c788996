package io.pmos.common;

import java.util.Map;

/** A failure with a status and a sentence meant for the person who made the request. */
public class ApiException extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;
    private final String code;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public ApiException(int status, String message, Map<String, String> headers) {
        this(status, message, headers, null);
    }

    public ApiException(int status, String message, Map<String, String> headers, String code) {
        super(message, null, false, false);
        this.status = status;
        this.headers = headers;
        this.code = code;
    }

    /** A stable machine-readable name of the failure, or null. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
