package io.roomgate.webhook;

import io.roomgate.config.CidrBlock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DestinationPolicyTest {
  private static final DestinationPolicy DEFAULT = new DestinationPolicy(List.of());

  @Test
  void nonPublicAddressesAreRefusedByDefault() {
    Map<String, String> expected = Map.ofEntries(
        Map.entry("127.0.0.1", "a loopback address"),
        Map.entry("127.10.20.30", "a loopback address"),
        Map.entry("::1", "a loopback address"),
        Map.entry("10.0.0.1", "a private address"),
        Map.entry("172.16.0.1", "a private address"),
        Map.entry("172.31.255.254", "a private address"),
        Map.entry("192.168.1.1", "a private address"),
        Map.entry("fc00::1", "a private address"),
        Map.entry("fd12:3456:789a::1", "a private address"),
        Map.entry("169.254.169.254", "a link-local address"),
        Map.entry("fe80::1", "a link-local address"),
        Map.entry("224.0.0.1", "a multicast address"),
        Map.entry("239.255.255.250", "a multicast address"),
        Map.entry("ff02::1", "a multicast address"),
        Map.entry("0.0.0.0", "an unspecified address"),
        Map.entry("0.1.2.3", "an unspecified address"),
        Map.entry("::", "an unspecified address"),
        Map.entry("255.255.255.255", "a reserved address"),
        // IPv4-mapped addresses are IPv4 addresses to Java, and so to the check
        Map.entry("::ffff:127.0.0.1", "a loopback address"),
        Map.entry("::ffff:169.254.169.254", "a link-local address"),
        Map.entry("64:ff9b::a9fe:a9fe", "a link-local address (embedded in IPv6)"),
        Map.entry("64:ff9b::7f00:1", "a loopback address (embedded in IPv6)"),
        Map.entry("::10.0.0.1", "a private address (embedded in IPv6)"));
    expected.forEach((address, why) -> assertEquals(why, DEFAULT.refusal(CidrBlock.literal(address)), address));
  }

  @Test
  void publicAddressesAreAllowed() {
    for (String address : List.of("203.0.113.10", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:db8::1",
        "2606:4700::1111", "64:ff9b::808:808")) {
      assertNull(DEFAULT.refusal(CidrBlock.literal(address)), address);
    }
  }

  @Test
  void allowNetworksOpenExactlyTheirNetworks() {
    DestinationPolicy policy = new DestinationPolicy(List.of(CidrBlock.parse("127.0.0.0/8"),
        CidrBlock.parse("10.20.0.0/16"), CidrBlock.parse("fd00:1::/32")));
    assertNull(policy.refusal(CidrBlock.literal("127.0.0.1")));
    assertNull(policy.refusal(CidrBlock.literal("10.20.3.4")));
    assertNull(policy.refusal(CidrBlock.literal("fd00:1::5")));
    assertEquals("a private address", policy.refusal(CidrBlock.literal("10.21.0.1")));
    assertEquals("a loopback address", policy.refusal(CidrBlock.literal("::1")), "127/8 does not open ::1");
    assertEquals("a link-local address", policy.refusal(CidrBlock.literal("169.254.169.254")));
  }
}
