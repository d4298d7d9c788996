package io.pmos.common;

/** The body of a successful call that has nothing else to say. */
public record OkBody(boolean ok) {

    public static final OkBody OK = new OkBody(true);
}
