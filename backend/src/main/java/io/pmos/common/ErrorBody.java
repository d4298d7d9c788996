package io.pmos.common;

/** The one error shape every failing API call answers with. */
public record ErrorBody(boolean ok, String error) {

    public static ErrorBody of(String error) {
        return new ErrorBody(false, error);
    }
}
