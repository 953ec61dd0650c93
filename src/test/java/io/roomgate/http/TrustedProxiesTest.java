package io.roomgate.http;

import io.roomgate.config.CidrBlock;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustedProxiesTest {
  private static final TrustedProxies LB = new TrustedProxies(List.of(CidrBlock.parse("10.0.0.0/8"),
      CidrBlock.parse("fd00::/8")));
  private static final SocketAddress FROM_LB = SocketAddress.inetSocketAddress(40000, "10.1.2.3");
  private static final SocketAddress FROM_ELSEWHERE = SocketAddress.inetSocketAddress(40000, "198.51.100.9");

  private static MultiMap headers(String... nameValues) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) {
      m.add(nameValues[i], nameValues[i + 1]);
    }
    return m;
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
    assertEquals("198.51.100.9", LB.client(FROM_ELSEWHERE, headers("X-Forwarded-For", "203.0.113.7")));
    assertEquals("198.51.100.9", LB.client(FROM_ELSEWHERE, headers("Forwarded", "for=203.0.113.7")));
    assertEquals("10.1.2.3", TrustedProxies.NONE.client(FROM_LB, headers("X-Forwarded-For", "203.0.113.7")));
  }

  @Test
  void behindATrustedProxyTheRightMostUntrustedAddressIsTheClient() {
    // the client wrote 1.1.1.1 itself; the load balancer appended the address it saw
    assertEquals("203.0.113.7", LB.client(FROM_LB, headers("X-Forwarded-For", "1.1.1.1, 203.0.113.7")));
    // an inner proxy (trusted) between them is skipped
    assertEquals("203.0.113.7", LB.client(FROM_LB, headers("X-Forwarded-For", "1.1.1.1, 203.0.113.7, 10.9.9.9")));
    // several header lines are one list, in order
    assertEquals("203.0.113.7", LB.client(FROM_LB, headers("X-Forwarded-For", "1.1.1.1",
        "X-Forwarded-For", "203.0.113.7")));
    // without a header the proxy itself is the client (its own health checks)
    assertEquals("10.1.2.3", LB.client(FROM_LB, headers()));
    // every hop trusted: the left-most
    assertEquals("10.5.5.5", LB.client(FROM_LB, headers("X-Forwarded-For", "10.5.5.5, 10.6.6.6")));
  }

  @Test
  void forwardedIsPreferredAndItsSyntaxIsRead() {
    assertEquals("203.0.113.7", LB.client(FROM_LB, headers("X-Forwarded-For", "1.1.1.1",
        "Forwarded", "for=1.1.1.1;proto=https, for=203.0.113.7;by=10.1.2.3")));
    assertEquals("2001:db8:cafe:0:0:0:0:17", LB.client(FROM_LB,
        headers("Forwarded", "for=\"[2001:db8:cafe::17]:4711\"")));
    assertEquals("203.0.113.7", LB.client(FROM_LB, headers("Forwarded", "For=\"203.0.113.7:1234\";proto=http")));
    // a quoted comma does not split elements
    assertEquals("203.0.113.7", LB.client(FROM_LB, headers("Forwarded", "for=1.1.1.1;x=\"a,b\", for=203.0.113.7")));
  }

  @Test
  void anUnknownHopEndsAtTheTrustedProxyThatWroteIt() {
    assertEquals("10.1.2.3", LB.client(FROM_LB, headers("X-Forwarded-For", "1.1.1.1, unknown")));
    assertEquals("10.1.2.3", LB.client(FROM_LB, headers("Forwarded", "for=_hidden")));
    assertEquals("10.9.9.9", LB.client(FROM_LB, headers("X-Forwarded-For", "garbage, 10.9.9.9")));
    assertEquals("10.1.2.3", LB.client(FROM_LB, headers("X-Forwarded-For", "")));
  }

  @Test
  void hopsAreAddressesWithOrWithoutPortsNeverNames() {
    assertEquals("192.0.2.1", TrustedProxies.address("192.0.2.1").getHostAddress());
    assertEquals("192.0.2.1", TrustedProxies.address("192.0.2.1:8080").getHostAddress());
    assertEquals("2001:db8:0:0:0:0:0:1", TrustedProxies.address("2001:db8::1").getHostAddress());
    assertEquals("2001:db8:0:0:0:0:0:1", TrustedProxies.address("[2001:db8::1]:443").getHostAddress());
    assertNull(TrustedProxies.address("localhost"));
    assertNull(TrustedProxies.address("example.com:80"));
    assertNull(TrustedProxies.address("[2001:db8::1]x"));
    assertNull(TrustedProxies.address("999.1.1.1"));
  }

  @Test
  void trustsOnlyListedNetworks() {
    assertTrue(LB.trusts(FROM_LB));
    assertFalse(LB.trusts(FROM_ELSEWHERE));
    assertFalse(TrustedProxies.NONE.trusts(FROM_LB));
    assertTrue(LB.trusts(SocketAddress.inetSocketAddress(1, "fd12::1")));
  }
}
