package io.roomgate.metrics;

import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.PlugNmeetTraffic;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access log of the packaged gateway: one JSON line per request, and no secret in any log line, whatever the
 * requests carry (HMAC signatures, tenant secrets in bodies, a Tencent-style {@code usersig} in the query string).
 */
class AccessLogSecretsIT {

  @Test
  void oneLinePerRequestAndNoSecretInAnyLog() throws Exception {
    // with its warm-up, the first create is not the cold embedded LiveKit's first call (once over 3 s under load);
    // the warm-up's own requests are not in the access log
    TestConfigs.GatewayYaml config = TestConfigs.gateway(null, null).withSection("access_log: {enabled: true}")
        .withWarmup(3);
    try (GatewayProcess gw = GatewayProcess.withConfig(config.yaml())) {
      PlugNmeetTraffic acme = new PlugNmeetTraffic(config.apiPort(), TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET);
      List<String> secrets = new ArrayList<>(List.of(TestConfigs.ACME_SECRET, TestConfigs.GLOBEX_SECRET,
          TestConfigs.LIVEKIT_SECRET, "SECRETSIG", "SIGSECRET", "BODYSECRET", "KEYSECRET"));
      List<String> requestIds = new ArrayList<>();

      String create = "{\"room_id\":\"logged\",\"metadata\":{\"room_title\":\"BODYSECRET\",\"room_features\":{}}}";
      secrets.add(PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, create.getBytes(StandardCharsets.UTF_8)));
      requestIds.add(id(acme.post("/auth/room/create", create)));
      requestIds.add(id(acme.post("/auth/room/getJoinToken",
          "{\"room_id\":\"logged\",\"user_info\":{\"name\":\"BODYSECRET\",\"user_id\":\"u\"}}")));
      requestIds.add(id(acme.send("/auth/room/endRoom", "{\"room_id\":\"logged\"}", TestConfigs.ACME_KEY, "SIGSECRET")));
      requestIds.add(id(acme.send("/auth/room/endRoom", "{}", "KEYSECRET", "SIGSECRET")));
      requestIds.add(id(acme.post("/auth/room/create", "{\"room_id\": BODYSECRET")));
      requestIds.add(id(acme.send("/v4/live_engine_http_srv/get_room_info?sdkappid=1400000000&identifier=administrator"
          + "&usersig=SECRETSIG&random=42&contenttype=json", "{\"RoomId\":\"BODYSECRET\"}", null, null)));

      List<JsonObject> lines = awaitAccessLines(gw, requestIds.size());
      String output = gw.output();
      for (String secret : secrets) {
        assertFalse(output.contains(secret), "a secret reached the logs: " + secret + "\n" + output);
      }
      assertEquals(requestIds, lines.stream().map(l -> l.getString("request_id")).toList());
      JsonObject first = lines.get(0);
      assertEquals("acme", first.getString("tenant"));
      assertEquals("plugnmeet", first.getString("dialect"));
      assertEquals("create", first.getString("api"));
      assertEquals("success", first.getString("outcome"));
      assertEquals(200, first.getInteger("status"));
      assertEquals("127.0.0.1", first.getString("client_ip"));
      assertTrue(first.getDouble("latency_ms") > 0);
      assertEquals("auth_failed", lines.get(2).getString("outcome"));
      assertEquals("none", lines.get(3).getString("tenant"));
      assertEquals("client_error", lines.get(4).getString("outcome"));
      assertEquals("tencent", lines.get(5).getString("dialect"));
      assertEquals("get_room_info", lines.get(5).getString("api"));
    }
  }

  private static String id(HttpResponse<String> r) {
    return r.headers().firstValue("X-Request-Id").orElseThrow(() -> new AssertionError("no X-Request-Id"));
  }

  /** The access lines in output order, once {@code n} of them are written (the writer is asynchronous). */
  private static List<JsonObject> awaitAccessLines(GatewayProcess gw, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<JsonObject> lines = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      lines.clear();
      for (String line : gw.output().split("\n")) {
        // the embedded LiveKit's webhooks to /webhook are requests too; this test counts the client's own
        if (line.startsWith("{\"time\":") && !line.contains("\"dialect\":\"livekit-webhook\"")) {
          lines.add(new JsonObject(line));
        }
      }
      if (lines.size() >= n) {
        return lines;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("expected " + n + " access-log lines, got " + lines.size() + ":\n" + gw.output());
  }
}
