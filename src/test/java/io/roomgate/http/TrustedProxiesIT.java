package io.roomgate.http;

import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.RawHttp;
import io.roomgate.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, point 4, against the packaged gateway, whose failed-authentication budget (2 failures, then 429) and
 * access log show which client IP it derived. The test itself plays the load balancer (it connects from 127.0.0.1).
 */
class TrustedProxiesIT {
  private static final String BUDGET = "rate_limit: {auth_failures: {burst: 2, per_minute: 1}}\n"
      + "access_log: {enabled: true}\n";

  @Test
  void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
    TestConfigs.GatewayYaml cfg = TestConfigs.gateway(null, null).withSection(BUDGET);
    try (GatewayProcess gw = GatewayProcess.withConfig(cfg.yaml())) {
      // three callers claiming three addresses share the socket's budget: the third is refused
      assertEquals(401, badSignature(cfg.apiPort(), "", "X-Forwarded-For: 198.51.100.1\r\n"));
      assertEquals(401, badSignature(cfg.apiPort(), "", "Forwarded: for=198.51.100.2\r\n"));
      assertEquals(429, badSignature(cfg.apiPort(), "", "X-Forwarded-For: 198.51.100.3\r\n"));
      Eventually.await("access log line", () -> gw.output().contains("\"client_ip\":\"127.0.0.1\""), 10_000);
      assertFalse(gw.output().contains("198.51.100."), "a spoofed address reached the access log");
    }
  }

  @Test
  void behindATrustedProxyTheClientItNamesHasItsOwnBudget() throws Exception {
    TestConfigs.GatewayYaml cfg = TestConfigs.gateway(null, null).withServer("trusted_proxies: [127.0.0.1/32]")
        .withSection(BUDGET);
    try (GatewayProcess gw = GatewayProcess.withConfig(cfg.yaml())) {
      int port = cfg.apiPort();
      assertEquals(401, badSignature(port, "", "X-Forwarded-For: 198.51.100.1\r\n"));
      assertEquals(401, badSignature(port, "", "X-Forwarded-For: 198.51.100.1\r\n"));
      assertEquals(429, badSignature(port, "", "X-Forwarded-For: 198.51.100.1\r\n"));
      assertEquals(401, badSignature(port, "", "Forwarded: for=198.51.100.2;proto=https\r\n"), "another client");
      // the client wrote 198.51.100.9 itself; the proxy appended what it saw: the spoof is ignored
      assertEquals(429, badSignature(port, "", "X-Forwarded-For: 198.51.100.9, 198.51.100.1\r\n"));
      Eventually.await("access log", () -> gw.output().contains("\"client_ip\":\"198.51.100.1\""), 10_000);
      assertFalse(gw.output().contains("198.51.100.9"), "the spoofed hop reached the access log");
    }
  }

  @Test
  void proxyProtocolIsReadFromTrustedPeersOnly() throws Exception {
    TestConfigs.GatewayYaml cfg = TestConfigs.gateway(null, null)
        .withServer("trusted_proxies: [127.0.0.1/32], proxy_protocol: true").withSection(BUDGET);
    try (GatewayProcess gw = GatewayProcess.withConfig(cfg.yaml())) {
      int port = cfg.apiPort();
      String v1 = "PROXY TCP4 203.0.113.9 127.0.0.1 50000 443\r\n";
      assertEquals(401, badSignature(port, v1, ""));
      assertEquals(401, badSignature(port, v1, ""));
      assertEquals(429, badSignature(port, v1, ""));
      assertEquals(401, badSignature(port, proxyV2(new byte[] {(byte) 203, 0, 113, 10}), ""), "v2, another client");
      Eventually.await("access log", () -> gw.output().contains("\"client_ip\":\"203.0.113.9\""), 10_000);
      Eventually.await("access log v2", () -> gw.output().contains("\"client_ip\":\"203.0.113.10\""), 10_000);
      // without the PROXY header the connection is closed unanswered
      assertClosedUnanswered(port, "");
    }
    TestConfigs.GatewayYaml elsewhere = TestConfigs.gateway(null, null)
        .withServer("trusted_proxies: [10.0.0.0/8], proxy_protocol: true");
    try (GatewayProcess gw = GatewayProcess.withConfig(elsewhere.yaml())) {
      // a PROXY header from a peer that is not a trusted proxy: closed at once, counted
      assertClosedUnanswered(elsewhere.apiPort(), "PROXY TCP4 203.0.113.9 127.0.0.1 50000 443\r\n");
      assertEquals(1, ConnectionCapIT.value(SlowClientsIT.metrics(elsewhere.managementPort()),
          "roomgate_http_connections_rejected_total{reason=\"untrusted_proxy\"}"));
    }
  }

  /** A plugNmeet call with a wrong signature on a fresh connection, after {@code preamble}; its HTTP status. */
  private static int badSignature(int port, Object preamble, String headers) throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      write(c, preamble);
      c.write(RawHttp.plugNmeet("isRoomActive", "{\"room_id\":\"r1\"}", TestConfigs.ACME_KEY,
          "not-the-secret-0123456789", headers));
      return c.read().status();
    }
  }

  private static void assertClosedUnanswered(int port, String preamble) throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      write(c, preamble);
      c.write(RawHttp.plugNmeet("isRoomActive", "{\"room_id\":\"r1\"}", TestConfigs.ACME_KEY,
          TestConfigs.ACME_SECRET, ""));
      try {
        RawHttp.Response r = c.read();
        throw new AssertionError("answered: " + r.head());
      } catch (IOException expected) {
        // closed without an answer
      }
    }
  }

  private static void write(RawHttp c, Object preamble) throws IOException {
    if (preamble instanceof byte[] b) {
      c.write(b);
    } else if (!((String) preamble).isEmpty()) {
      c.write((String) preamble);
    }
  }

  /** A PROXY protocol v2 header: PROXY command, TCP over IPv4, from {@code source}:50001 to 127.0.0.1:443. */
  private static byte[] proxyV2(byte[] source) {
    ByteBuffer b = ByteBuffer.allocate(16 + 12);
    b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    b.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
    b.put(source).put(new byte[] {127, 0, 0, 1}).putShort((short) 50001).putShort((short) 443);
    return b.array();
  }
}
