package io.roomgate.webhook;

import io.roomgate.config.CidrBlock;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses tenant webhooks may be sent to. By default only public ones: loopback, private (RFC 1918,
 * fc00::/7), link-local (169.254/16, fe80::/10, which holds cloud metadata services), multicast, unspecified
 * (0.0.0.0/8, ::) and reserved (240/4) addresses are refused, also when an IPv6 address embeds one of them
 * (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96). Networks in {@code webhooks.allow_networks} are allowed whatever
 * their class. The check runs on the address the dispatcher then connects to, so a name that resolves differently
 * later (DNS rebinding) cannot get around it.
 */
final class DestinationPolicy {
  private static final CidrBlock UNIQUE_LOCAL = CidrBlock.parse("fc00::/7");
  private static final CidrBlock THIS_NETWORK = CidrBlock.parse("0.0.0.0/8");
  private static final CidrBlock RESERVED = CidrBlock.parse("240.0.0.0/4");
  private static final CidrBlock NAT64 = CidrBlock.parse("64:ff9b::/96");
  private static final CidrBlock IPV4_COMPATIBLE = CidrBlock.parse("::/96");

  private final List<CidrBlock> allowed;

  DestinationPolicy(List<CidrBlock> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** {@code null} when webhooks may go to {@code address}, else what kind of address it is. */
  String refusal(InetAddress address) {
    for (CidrBlock network : allowed) {
      if (network.contains(address)) {
        return null;
      }
    }
    return classify(address);
  }

  private static String classify(InetAddress a) {
    if (a.isAnyLocalAddress() || THIS_NETWORK.contains(a)) {
      return "an unspecified address";
    }
    if (a.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (a.isLinkLocalAddress()) {
      return "a link-local address";
    }
    if (a.isSiteLocalAddress() || UNIQUE_LOCAL.contains(a)) {
      return "a private address";
    }
    if (a.isMulticastAddress()) {
      return "a multicast address";
    }
    if (RESERVED.contains(a)) {
      return "a reserved address";
    }
    if (a instanceof Inet6Address && (NAT64.contains(a) || IPV4_COMPATIBLE.contains(a))) {
      String embedded = classify(embeddedIpv4(a));
      return embedded == null ? null : embedded + " (embedded in IPv6)";
    }
    return null;
  }

  /** The IPv4 address in the last 32 bits of an IPv6 address. */
  private static Inet4Address embeddedIpv4(InetAddress a) {
    byte[] b = a.getAddress();
    try {
      return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
