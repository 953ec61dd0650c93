package io.roomgate.webhook;

import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TestConfigs;
import io.roomgate.testsupport.WebhookReceiverServer;
import io.roomgate.testsupport.TestJwt;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With Redis, tenant webhooks survive a gateway that is killed mid-delivery: another process picks up the delivery
 * lease, re-reads what was never acknowledged and delivers it, in order, without resending what was acknowledged.
 */
class WebhookDurabilityIT {

  @Test
  void aKilledGatewayLosesNothingAndResendsNothingAcknowledged() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (RedisServerProcess redis = RedisServerProcess.start();
         WebhookReceiverServer receiver = WebhookReceiverServer.start(vertx)) {
      String section = "webhooks: {backoff_initial_ms: 50, backoff_max_ms: 200, allow_networks: [127.0.0.0/8]}";
      TestConfigs.GatewayYaml first = TestConfigs.gateway(redis.url(), null)
          .withAcmeWebhook(receiver.url("/hooks")).withSection(section);
      String roomId = "durable-" + Long.toString(System.nanoTime(), 36);

      GatewayProcess a = GatewayProcess.withConfig(first.yaml());
      try {
        PlugNmeetTestClient acme = new PlugNmeetTestClient(vertx, first.apiPort(), TestConfigs.ACME_KEY,
            TestConfigs.ACME_SECRET);
        JsonObject created = acme.call("create", new JsonObject().put("room_id", roomId).put("metadata",
            new JsonObject().put("room_title", "durable").put("room_features", new JsonObject())));
        assertEquals(true, created.getBoolean("status"), created.encode());
        Eventually.await("room_created and room_started acknowledged",
            () -> receiver.events("/hooks", roomId).size() == 2);

        receiver.down(true);
        WebClient web = WebClient.create(vertx);
        for (int i = 1; i <= 5; i++) {
          assertEquals(200, web.post(first.liveKitPort(), "127.0.0.1", "/sim/rooms/acme:" + roomId + "/participants")
              .putHeader("Authorization", TestJwt.simAdmin()).sendJsonObject(new JsonObject().put("identity", "p" + i)).await().statusCode());
        }
        // all five are queued durably (room_created, room_started and five joins in the stream) ...
        Eventually.await("seven events in the stream", () -> redis.command("XLEN", "rg:{webhooks}:events").equals("7"));
        // ... and delivery of the first join is under way, failing
        Eventually.await("delivery is being attempted", () -> receiver.refused() > 0);
      } finally {
        a.kill();
      }

      TestConfigs.GatewayYaml second = TestConfigs.gateway(redis.url(), null)
          .withAcmeWebhook(receiver.url("/hooks")).withSection(section);
      try (GatewayProcess b = GatewayProcess.withConfig(second.yaml())) {
        receiver.down(false);
        Eventually.await("the rest arrives through the restarted gateway",
            () -> receiver.events("/hooks", roomId).size() >= 7, 40_000);
        List<String> expected = new ArrayList<>(List.of("room_created", "room_started"));
        for (int i = 0; i < 5; i++) {
          expected.add("participant_joined");
        }
        assertEquals(expected, receiver.events("/hooks", roomId), b.output());
        List<String> who = receiver.at("/hooks").stream().filter(d -> d.body().contains(roomId)
                && d.event().equals("participant_joined"))
            .map(d -> d.json().getJsonObject("participant").getString("identity")).toList();
        assertEquals(List.of("p1", "p2", "p3", "p4", "p5"), who);
        Set<String> ids = new HashSet<>();
        receiver.at("/hooks").forEach(d -> ids.add(d.json().getString("id")));
        assertEquals(receiver.at("/hooks").size(), ids.size(), "no event was delivered twice");
      }
    } finally {
      vertx.close().await();
    }
  }
}
