package io.roomgate.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrBlockTest {

  @Test
  void ipv4NetworksContainTheirAddressesOnly() {
    CidrBlock loopback = CidrBlock.parse("127.0.0.0/8");
    assertTrue(loopback.contains(CidrBlock.literal("127.0.0.1")));
    assertTrue(loopback.contains(CidrBlock.literal("127.255.255.255")));
    assertFalse(loopback.contains(CidrBlock.literal("128.0.0.1")));
    assertFalse(loopback.contains(CidrBlock.literal("::1")), "an IPv4 network holds no IPv6 address");
    assertTrue(CidrBlock.parse("0.0.0.0/0").contains(CidrBlock.literal("203.0.113.9")));
    assertTrue(CidrBlock.parse("10.1.2.3").contains(CidrBlock.literal("10.1.2.3")), "a bare address is a /32");
    assertFalse(CidrBlock.parse("10.1.2.3").contains(CidrBlock.literal("10.1.2.4")));
    assertEquals("172.16.0.0/12", CidrBlock.parse("172.16.0.0/12").toString());
  }

  @Test
  void ipv6NetworksContainTheirAddressesOnly() {
    CidrBlock ula = CidrBlock.parse("fd00::/8");
    assertTrue(ula.contains(CidrBlock.literal("fd12:3456::1")));
    assertFalse(ula.contains(CidrBlock.literal("fc00::1")));
    assertTrue(CidrBlock.parse("::1/128").contains(CidrBlock.literal("[::1]")), "brackets of a URL host are fine");
    assertEquals("fd00::/8", ula.toString());
  }

  @Test
  void literalsNeverResolveNames() {
    assertNull(CidrBlock.literal("localhost"));
    assertNull(CidrBlock.literal("example.com"));
    assertNull(CidrBlock.literal("256.1.1.1"));
    assertNull(CidrBlock.literal("1.2.3"));
    assertNull(CidrBlock.literal("2130706433"));
  }

  @Test
  void badNetworksSayWhatIsWrong() {
    assertEquals("must be an IPv4 or IPv6 network like 10.0.0.0/8 or fd00::/8, was 'intranet'",
        assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("intranet")).getMessage());
    assertEquals("prefix length must be between 0 and 32, was '10.0.0.0/33'",
        assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("10.0.0.0/33")).getMessage());
    assertEquals("prefix length must be between 0 and 128, was 'fd00::/abc'",
        assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("fd00::/abc")).getMessage());
    assertEquals("has host bits set: '10.0.0.1/8' (the network is 10.0.0.0/8)",
        assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("10.0.0.1/8")).getMessage());
  }
}
