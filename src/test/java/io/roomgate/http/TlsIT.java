package io.roomgate.http;

import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.NodeScript;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestCertificates;
import io.roomgate.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, point 1, against the packaged gateway with certificates the test makes ({@code openssl}): the official
 * plugNmeet SDK and Tencent's UserSig package over https, curl over HTTP/2 (ALPN) and HTTP/1.1, TLS 1.1 refused, the
 * embedded simulator's webhooks still arriving, client certificates on the management port, and new certificate
 * files served without a restart.
 */
class TlsIT {
  private static final long APP = 1400000099L;
  private static final String TENCENT_KEY = "tls-it-tencent-key-0123456789abcdef";

  @Test
  void officialSdksAndCurlSpeakHttpsAndTheSimulatorsWebhooksArrive(@TempDir Path dir) throws Exception {
    TestCertificates.Pair server = TestCertificates.make(dir, "server", "gateway");
    TestCertificates.Pair client = TestCertificates.make(dir, "client", "prometheus");
    TestConfigs.GatewayYaml cfg = withTls(TestConfigs.gateway(null, null), server, client.cert())
        .withTenantLine("acme", "tencent: {sdkappid: " + APP + ", secret_key: " + TENCENT_KEY
            + ", admins: [administrator]}");
    try (GatewayProcess gw = GatewayProcess.withConfig(cfg.yaml())) {
      assertTrue(gw.output().contains("api https://"), gw.output());
      String url = "https://127.0.0.1:" + cfg.apiPort();
      NodeScript.Result pnm = NodeScript.run("plugnmeet-sdk.mjs", Map.of("ROOMGATE_URL", url,
          "PLUGNMEET_API_KEY", TestConfigs.ACME_KEY, "PLUGNMEET_API_SECRET", TestConfigs.ACME_SECRET,
          "NODE_EXTRA_CA_CERTS", server.cert().toString()));
      assertEquals(0, pnm.exitCode(), pnm.output() + "\n--- gateway output:\n" + gw.output());
      NodeScript.Result tencent = NodeScript.run("tencent-https.mjs", Map.of("ROOMGATE_URL", url,
          "SDKAPPID", Long.toString(APP), "SECRET_KEY", TENCENT_KEY, "IDENTIFIER", "administrator",
          "NODE_EXTRA_CA_CERTS", server.cert().toString()));
      assertEquals(0, tencent.exitCode(), tencent.output() + "\n--- gateway output:\n" + gw.output());

      assertEquals("2 200", curlIsRoomActive(server.cert(), cfg.apiPort(), "--http2"));
      assertEquals("1.1 200", curlIsRoomActive(server.cert(), cfg.apiPort(), "--http1.1"));
      // TLS 1.1 offered with every cipher allowed: the gateway answers with a protocol_version alert
      String old = run("sh", "-c", "echo | openssl s_client -connect 127.0.0.1:" + cfg.apiPort()
          + " -tls1_1 -cipher DEFAULT@SECLEVEL=0 2>&1");
      assertTrue(old.contains("alert protocol version"), old);
      assertEquals("TLSv1.2", handshake(cfg.apiPort(), "TLSv1.2").getSession().getProtocol());

      // management: only a client with a certificate of ca_file gets in
      assertNotEquals("200", run("sh", "-c", "curl -s -o /dev/null -w '%{http_code}' --cacert " + server.cert()
          + " https://127.0.0.1:" + cfg.managementPort() + "/health; true").trim());
      // the simulator's room_started webhook for the SDK's rooms reached the gateway over https
      Eventually.await("webhooks over https", () -> quietly(() -> managementMetrics(cfg, server, client))
          .contains("dialect=\"livekit-webhook\",outcome=\"success\",status=\"200\""), 30_000);
    }
  }

  @Test
  void changedCertificateFilesAreServedWithoutARestart(@TempDir Path dir) throws Exception {
    TestCertificates.Pair live = TestCertificates.make(dir, "live", "first");
    TestCertificates.Pair next = TestCertificates.make(dir, "next", "second");
    TestConfigs.GatewayYaml cfg = withTls(TestConfigs.gateway(null, null), live, null);
    try (GatewayProcess gw = GatewayProcess.withConfig(cfg.yaml())) {
      assertEquals("CN=first", servedSubject(cfg.apiPort()));
      assertEquals("CN=first", servedSubject(cfg.managementPort()));
      next.installAs(live);
      // both API event loops and the management listener: every new connection gets the new certificate
      Eventually.await("new certificate served", () -> quietly(() -> servedSubject(cfg.apiPort())).equals("CN=second")
          && quietly(() -> servedSubject(cfg.managementPort())).equals("CN=second"), 30_000);
      for (int i = 0; i < 4; i++) {
        assertEquals("CN=second", servedSubject(cfg.apiPort()), "connection " + i);
      }
      assertEquals("2 200", curlIsRoomActive(next.cert(), cfg.apiPort(), "--http2"), "ALPN after the reload");
      String metrics = run("curl", "-s", "--cacert", next.cert().toString(),
          "https://127.0.0.1:" + cfg.managementPort() + "/metrics");
      assertTrue(metrics.contains("roomgate_tls_reloads_total{listener=\"server\",result=\"reloaded\"} 1.0"), metrics);
      assertTrue(metrics.contains("roomgate_tls_reloads_total{listener=\"server\",result=\"failed\"} 0.0"), metrics);
      assertTrue(gw.output().contains("server.tls: certificate files changed, reloaded"), gw.output());
    }
  }

  private static TestConfigs.GatewayYaml withTls(TestConfigs.GatewayYaml cfg, TestCertificates.Pair pair,
                                                 Path clientCa) {
    String tls = "tls: {cert_file: \"" + pair.cert() + "\", key_file: \"" + pair.key() + "\"";
    String management = tls + (clientCa == null ? "" : ", ca_file: \"" + clientCa + "\"") + "}";
    // warmed as users start it: through the TLS listener, so classes and handshakes are ready before the SDKs call
    String yaml = cfg.yaml().replace("management: {host: 127.0.0.1, port: " + cfg.managementPort() + "}",
            "management: {host: 127.0.0.1, port: " + cfg.managementPort() + ", " + management + "}")
        .replace("warmup_seconds: 0", "warmup_seconds: 10");
    return new TestConfigs.GatewayYaml(yaml, cfg.apiPort(), cfg.managementPort(), cfg.liveKitPort())
        .withServer(tls + "}");
  }

  private static String managementMetrics(TestConfigs.GatewayYaml cfg, TestCertificates.Pair server,
                                          TestCertificates.Pair client) throws Exception {
    return run("curl", "-s", "--cacert", server.cert().toString(), "--cert", client.cert().toString(),
        "--key", client.key().toString(), "https://127.0.0.1:" + cfg.managementPort() + "/metrics");
  }

  /** curl's HTTP version and status of a signed isRoomActive. */
  private static String curlIsRoomActive(Path ca, int port, String version) throws Exception {
    String body = "{\"room_id\":\"tls-room\"}";
    return run("curl", "-sS", "--cacert", ca.toString(), version, "-o", "/dev/null", "-w",
        "%{http_version} %{http_code}", "-H", "API-KEY: " + TestConfigs.ACME_KEY, "-H", "HASH-SIGNATURE: "
            + PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, body.getBytes(StandardCharsets.UTF_8)),
        "--data-raw", body, "https://127.0.0.1:" + port + "/auth/room/isRoomActive").trim();
  }

  /** The subject of the certificate a fresh connection is served. */
  private static String servedSubject(int port) throws Exception {
    try (SSLSocket s = handshake(port, "TLSv1.3")) {
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }
  }

  /** A handshake that trusts any certificate (the test reads which one it got). */
  private static SSLSocket handshake(int port, String protocol) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new X509TrustManager() {
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    s.setEnabledProtocols(new String[] {protocol});
    s.startHandshake();
    return s;
  }

  private interface Probe {
    String get() throws Exception;
  }

  /** A probe's answer, or "" when it failed this time (for {@link Eventually}). */
  private static String quietly(Probe probe) {
    try {
      return probe.get();
    } catch (Exception e) {
      return "";
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    return out;
  }
}
