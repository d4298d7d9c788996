package io.pmos.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Pure rules about addresses: which kind an IP is, and which host strings are IP literals in any spelling. */
public final class OutboundAddresses {

    private OutboundAddresses() {
    }

    public static AddressKind classify(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? classify4(b, 0) : classify6(b);
    }

    private static AddressKind classify4(byte[] bytes, int at) {
        int a = bytes[at] & 0xff;
        int b = bytes[at + 1] & 0xff;
        int c = bytes[at + 2] & 0xff;
        int d = bytes[at + 3] & 0xff;
        if (a == 169 && b == 254 && c == 169 && d == 254 || a == 100 && b == 100 && c == 100 && d == 200
                || a == 192 && b == 0 && c == 0 && d == 192) {
            return AddressKind.METADATA;
        }
        if (a == 0) {
            return AddressKind.UNSPECIFIED;
        }
        if (a == 127) {
            return AddressKind.LOOPBACK;
        }
        if (a == 169 && b == 254) {
            return AddressKind.LINK_LOCAL;
        }
        if (a == 255 && b == 255 && c == 255 && d == 255) {
            return AddressKind.BROADCAST;
        }
        if (a >= 224 && a <= 239) {
            return AddressKind.MULTICAST;
        }
        if (a >= 240 || a == 192 && b == 0 && c == 0) {
            return AddressKind.RESERVED;
        }
        if (a == 10 || a == 172 && (b & 0xf0) == 16 || a == 192 && b == 168 || a == 100 && (b & 0xc0) == 64
                || a == 198 && (b & 0xfe) == 18) {
            return AddressKind.PRIVATE;
        }
        return AddressKind.PUBLIC;
    }

    private static AddressKind classify6(byte[] b) {
        boolean first10Zero = true;
        for (int i = 0; i < 10; i++) {
            first10Zero &= b[i] == 0;
        }
        if (first10Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return classify4(b, 12); // IPv4-mapped ::ffff:a.b.c.d
        }
        if (first10Zero && b[10] == 0 && b[11] == 0) {
            boolean upperZero = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (upperZero && b[15] == 0) {
                return AddressKind.UNSPECIFIED;
            }
            if (upperZero && b[15] == 1) {
                return AddressKind.LOOPBACK;
            }
            return classify4(b, 12); // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
        }
        int w0 = word(b, 0);
        int w1 = word(b, 2);
        if (w0 == 0x0064 && w1 == 0xff9b && word(b, 4) == 0 && word(b, 6) == 0 && word(b, 8) == 0 && word(b, 10) == 0) {
            return classify4(b, 12); // NAT64 64:ff9b::a.b.c.d
        }
        if (w0 == 0x0064 && w1 == 0xff9b && word(b, 4) == 1) {
            return AddressKind.PRIVATE; // local-use NAT64 64:ff9b:1::/48
        }
        if (w0 == 0x2002) {
            return classify4(b, 2); // 6to4 2002:a.b.c.d::/48
        }
        if (w0 == 0x2001 && w1 == 0) {
            byte[] client = new byte[4];
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~b[12 + i];
            }
            return classify4(client, 0); // Teredo: the client's IPv4 address, inverted, in the last 32 bits
        }
        if (w0 == 0xfd00 && w1 == 0x0ec2 && word(b, 4) == 0 && word(b, 6) == 0 && word(b, 8) == 0 && word(b, 10) == 0
                && word(b, 12) == 0 && word(b, 14) == 0x0254) {
            return AddressKind.METADATA; // AWS IMDS over IPv6
        }
        if ((b[0] & 0xff) == 0xff) {
            return AddressKind.MULTICAST;
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return AddressKind.LINK_LOCAL;
        }
        if ((w0 & 0xffc0) == 0xfec0 || (b[0] & 0xfe) == 0xfc) {
            return AddressKind.PRIVATE;
        }
        if (w0 == 0x0100 && w1 == 0 && word(b, 4) == 0 && word(b, 6) == 0) {
            return AddressKind.RESERVED; // discard-only 100::/64
        }
        return AddressKind.PUBLIC;
    }

    private static int word(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    /**
     * The address a host string denotes without any lookup, or null for a name: bracketed or bare IPv6, and IPv4 in
     * every spelling the C resolver accepts (1 to 4 parts, each decimal, octal with a leading 0, or hex with 0x),
     * so "2852039166", "0xa9fea9fe" and "0251.0376.0251.0376" are all 169.254.169.254. A trailing dot is ignored.
     */
    public static InetAddress literal(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName("[" + h + "]"); // a literal: parsed, never looked up
            } catch (UnknownHostException e) {
                return null;
            }
        }
        byte[] v4 = inetAton(h);
        if (v4 == null) {
            return null;
        }
        try {
            return Inet4Address.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** localhost and *.localhost always mean this machine (RFC 6761), whatever DNS says. */
    public static boolean isLocalhostName(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost");
    }

    private static byte[] inetAton(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = number(parts[i]);
            if (v == null) {
                return null;
            }
            values[i] = v;
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            value |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        int lastBits = 8 * (4 - (parts.length - 1));
        if (last >= 1L << lastBits) {
            return null;
        }
        value |= last;
        return new byte[]{(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static Long number(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return null;
        }
        int radix = 10;
        String digits = part;
        if (part.length() > 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        try {
            long v = Long.parseLong(digits, radix);
            return v < 0 || digits.startsWith("+") || digits.startsWith("-") ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
