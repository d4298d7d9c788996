package io.pmos.net;

/** What an IP address is, as far as outbound calls care: reachable by default, only by operator choice, or never. */
public enum AddressKind {
    PUBLIC,
    /** 127.0.0.0/8, ::1 (and localhost). */
    LOOPBACK,
    /** 10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), 198.18/15, fc00::/7, fec0::/10. */
    PRIVATE,
    /** 0.0.0.0/8 and :: (on Linux a connection to 0.0.0.0 reaches the host itself). */
    UNSPECIFIED,
    /** 169.254.0.0/16, fe80::/10. */
    LINK_LOCAL,
    /** Cloud metadata services: 169.254.169.254, fd00:ec2::254, 100.100.100.200, 192.0.0.192. */
    METADATA,
    /** 224.0.0.0/4, ff00::/8. */
    MULTICAST,
    /** 255.255.255.255. */
    BROADCAST,
    /** 240.0.0.0/4, 192.0.0.0/24, 100::/64 and other ranges no service of PMOS's lives in. */
    RESERVED;

    /** Reachable only when the operator allows private addresses (PMOS_OUTBOUND_ALLOW_PRIVATE). */
    public boolean needsPrivate() {
        return this == LOOPBACK || this == PRIVATE;
    }

    /** Never reachable, whatever the operator allows. */
    public boolean alwaysRefused() {
        return this != PUBLIC && !needsPrivate();
    }
}
