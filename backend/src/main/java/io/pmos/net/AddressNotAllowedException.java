package io.pmos.net;

/**
 * An outbound call to an address the operator's policy does not allow. The message is the same for every refused
 * address (metadata, loopback, private, or a name resolving to one), so it tells the caller nothing about the target.
 */
public class AddressNotAllowedException extends RuntimeException {

    public static final String CODE = "ADDRESS_NOT_ALLOWED";
    public static final String MESSAGE = "PMOS may not connect to this address (outbound address policy).";
    public static final String FIX = "Use the service's public address. If it runs on the PMOS host or in a private "
            + "network, the operator can allow loopback and private addresses with PMOS_OUTBOUND_ALLOW_PRIVATE=true; "
            + "link-local and cloud metadata addresses are never allowed.";

    public AddressNotAllowedException() {
        super(MESSAGE, null, false, false);
    }
}
