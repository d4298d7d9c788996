package io.pmos.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error shape every failing API call answers with; {@code code} names failures that have one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(boolean ok, String error, String code) {

    public static ErrorBody of(String error) {
        return new ErrorBody(false, error, null);
    }

    public static ErrorBody of(String error, String code) {
        return new ErrorBody(false, error, code);
    }
}
