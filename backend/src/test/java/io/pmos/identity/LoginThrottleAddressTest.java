package io.pmos.identity;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The address the sign-in limits count by. */
class LoginThrottleAddressTest {

    @Test
    void ipv4CountsByAddressAndIpv6ByItsSlash64() {
        assertEquals("203.0.113.7", LoginThrottle.addressKey("203.0.113.7"));
        assertEquals("2001:db8:1:2::/64", LoginThrottle.addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals(LoginThrottle.addressKey("2001:db8:1:2::1"), LoginThrottle.addressKey("2001:0db8:0001:0002:ffff::9"));
        assertEquals("203.0.113.7", LoginThrottle.addressKey("::ffff:203.0.113.7"));
        assertEquals("unknown", LoginThrottle.addressKey(null));
    }
}
