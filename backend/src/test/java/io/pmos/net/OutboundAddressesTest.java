package io.pmos.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The address classifier over a table of addresses, and the literal parser over the spellings resolvers accept. */
class OutboundAddressesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "169.254.169.254, METADATA",
            "fd00:ec2::254, METADATA",
            "100.100.100.200, METADATA",
            "192.0.0.192, METADATA",
            "::ffff:169.254.169.254, METADATA",
            "::169.254.169.254, METADATA",
            "64:ff9b::169.254.169.254, METADATA",
            "2002:a9fe:a9fe::1, METADATA",
            "0.0.0.0, UNSPECIFIED",
            "0.1.2.3, UNSPECIFIED",
            "::, UNSPECIFIED",
            "::ffff:0.0.0.0, UNSPECIFIED",
            "169.254.0.1, LINK_LOCAL",
            "169.254.255.255, LINK_LOCAL",
            "fe80::1, LINK_LOCAL",
            "febf::1, LINK_LOCAL",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "ff02::1, MULTICAST",
            "255.255.255.255, BROADCAST",
            "240.0.0.1, RESERVED",
            "192.0.0.8, RESERVED",
            "100::1, RESERVED",
            "127.0.0.1, LOOPBACK",
            "127.255.255.254, LOOPBACK",
            "::1, LOOPBACK",
            "::ffff:127.0.0.1, LOOPBACK",
            "::127.0.0.1, LOOPBACK",
            "10.0.0.1, PRIVATE",
            "10.255.255.255, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.1.1, PRIVATE",
            "100.64.0.1, PRIVATE",
            "100.127.255.255, PRIVATE",
            "198.18.0.1, PRIVATE",
            "fc00::1, PRIVATE",
            "fd12:3456::1, PRIVATE",
            "fec0::1, PRIVATE",
            "::ffff:10.1.2.3, PRIVATE",
            "64:ff9b:1::a00:1, PRIVATE",
            "2001:0:4136:e378:8000:63bf:80ff:fffe, LOOPBACK",
            "8.8.8.8, PUBLIC",
            "172.15.255.255, PUBLIC",
            "172.32.0.1, PUBLIC",
            "100.63.255.255, PUBLIC",
            "100.128.0.1, PUBLIC",
            "169.253.255.255, PUBLIC",
            "223.255.255.255, PUBLIC",
            "2606:4700::1111, PUBLIC",
            "::ffff:8.8.8.8, PUBLIC",
            "64:ff9b::8.8.8.8, PUBLIC",
            "fd00:ec2::253, PRIVATE",
    })
    void classifies(String address, AddressKind kind) throws Exception {
        assertEquals(kind, OutboundAddresses.classify(InetAddress.getByName(address)));
    }

    @ParameterizedTest(name = "{0} is the literal {1}")
    @CsvSource({
            "169.254.169.254, 169.254.169.254",
            "169.254.169.254., 169.254.169.254",
            "2852039166, 169.254.169.254",
            "0xa9fea9fe, 169.254.169.254",
            "0XA9FEA9FE, 169.254.169.254",
            "0251.0376.0251.0376, 169.254.169.254",
            "0xa9.0xfe.0xa9.0xfe, 169.254.169.254",
            "169.254.43518, 169.254.169.254",
            "169.16689662, 169.254.169.254",
            "0, 0.0.0.0",
            "127.1, 127.0.0.1",
            "017700000001, 127.0.0.1",
            "[::ffff:169.254.169.254], 169.254.169.254",
            "[::ffff:a9fe:a9fe], 169.254.169.254",
            "[fd00:ec2::254], fd00:ec2:0:0:0:0:0:254",
            "::1, 0:0:0:0:0:0:0:1",
    })
    void readsIpLiteralsInEverySpelling(String host, String address) throws Exception {
        InetAddress literal = OutboundAddresses.literal(host);
        assertNotNull(literal, host);
        assertEquals(InetAddress.getByName(address), literal);
    }

    @ParameterizedTest(name = "{0} is a name")
    @CsvSource({"example.com", "flow.example.com", "1.2.3.4.5", "256.1.1.1", "0x", "08.1.1.1", "1..1", "a9fea9fe",
            "4294967296", "-1", "+1.2.3.4"})
    void namesAreNotLiterals(String host) {
        assertNull(OutboundAddresses.literal(host), host);
    }

    @ParameterizedTest
    @CsvSource({"localhost, true", "LOCALHOST., true", "api.localhost, true", "localhost.example.com, false",
            "mylocalhost, false"})
    void localhostNames(String host, boolean local) {
        assertEquals(local, OutboundAddresses.isLocalhostName(host));
    }

    @ParameterizedTest
    @CsvSource({"LOOPBACK, true, false", "PRIVATE, true, false", "PUBLIC, false, false", "METADATA, false, true",
            "LINK_LOCAL, false, true", "UNSPECIFIED, false, true", "MULTICAST, false, true", "BROADCAST, false, true",
            "RESERVED, false, true"})
    void kindsSayWhatTheOperatorCanAllow(AddressKind kind, boolean needsPrivate, boolean alwaysRefused) {
        assertEquals(needsPrivate, kind.needsPrivate());
        assertEquals(alwaysRefused, kind.alwaysRefused());
        assertFalse(kind.needsPrivate() && kind.alwaysRefused());
        assertTrue(kind == AddressKind.PUBLIC || kind.needsPrivate() || kind.alwaysRefused());
    }
}
