package io.roomgate.api.plugnmeet;

import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.ReplaySigned;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, point 5, across processes: two packaged gateways share one redis-server; a replay-safe request answered
 * by the first is refused when replayed byte for byte to the second, because the nonce is remembered in Redis.
 */
class ReplayAcrossGatewaysIT {
  private static final String WINDOW = ", replay_window_seconds: 300}";

  @Test
  void aRequestReplayedToAnotherGatewayIsRefused() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      TestConfigs.GatewayYaml one = withWindow(TestConfigs.gateway(redis.url(), null));
      TestConfigs.GatewayYaml two = withWindow(TestConfigs.gateway(redis.url(), null));
      Vertx vertx = Vertx.vertx();
      WebClient web = WebClient.create(vertx);
      try (GatewayProcess first = GatewayProcess.withConfig(one.yaml());
           GatewayProcess second = GatewayProcess.withConfig(two.yaml())) {
        byte[] body = "{\"room_id\":\"replayed\"}".getBytes(StandardCharsets.UTF_8);
        long ts = System.currentTimeMillis() / 1000;
        String nonce = "replay-across-gateways-" + Long.toString(System.nanoTime(), 36);
        HttpResponse<Buffer> answered = ReplaySigned.post(web, one.apiPort(), "/auth/room/isRoomActive",
            TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET, ts, nonce, body);
        assertEquals(200, answered.statusCode(), answered.bodyAsString());
        HttpResponse<Buffer> replayed = ReplaySigned.post(web, two.apiPort(), "/auth/room/isRoomActive",
            TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET, ts, nonce, body);
        assertEquals(401, replayed.statusCode(), replayed.bodyAsString());
        assertEquals("INVALID_TOKEN_OR_SIGNATURE", replayed.bodyAsJsonObject().getString("status_code"));
        assertTrue(replayed.bodyAsJsonObject().getString("msg").contains("X-Roomgate-Nonce was already used"));
        assertEquals("1", redis.command("EXISTS", "rg:{acme}:nonce:" + nonce).trim(), "the nonce is in Redis");
        // the refusal is counted where it happened
        String metrics = web.get(two.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
        assertTrue(metrics.lines().anyMatch(l -> l.matches("roomgate_replay_checks_total\\{outcome=\"reused\",?} 1(\\.0)?")),
            metrics);
      } finally {
        vertx.close().await();
      }
    }
  }

  private static TestConfigs.GatewayYaml withWindow(TestConfigs.GatewayYaml cfg) {
    return new TestConfigs.GatewayYaml(cfg.yaml().replace("api_secret: " + TestConfigs.ACME_SECRET + "}",
        "api_secret: " + TestConfigs.ACME_SECRET + WINDOW), cfg.apiPort(), cfg.managementPort(), cfg.liveKitPort());
  }
}
