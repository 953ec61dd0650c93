package io.roomgate.webhook;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Webhooks with the Redis stores and the durable Redis Stream queue, against a real redis-server. */
class WebhookRedisTest extends WebhookContract {
  private RedisServerProcess redis;

  @Override
  protected String redisUrl() {
    if (redis == null) {
      redis = RedisServerProcess.start();
    }
    return redis.url();
  }

  @AfterAll
  void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aRoomCreatedOnTwoNodesAtOnceIsAnnouncedOnce() {
    // a second gateway on the same Redis and the same LiveKit, as behind a load balancer
    TestConfigs.GatewayYaml otherConfig = TestConfigs.gateway(redis.url(), "http://127.0.0.1:" + gateway.liveKitPort())
        .withAcmeWebhook(receiver.url(TENANT_PATH)).withSection("webhooks: {allow_networks: [127.0.0.0/8]}");
    Gateway other = Gateway.start(vertx, ConfigLoader.parse(otherConfig.yaml())).await();
    try {
      PlugNmeetTestClient acmeOnOther = new PlugNmeetTestClient(vertx, other.apiPort(), TestConfigs.ACME_KEY,
          TestConfigs.ACME_SECRET);
      JsonObject create = new JsonObject().put("room_id", roomId)
          .put("metadata", new JsonObject().put("room_title", "Twice").put("room_features", new JsonObject()));
      CompletableFuture<JsonObject> here = CompletableFuture.supplyAsync(() -> acme.call("create", create));
      CompletableFuture<JsonObject> there = CompletableFuture.supplyAsync(() -> acmeOnOther.call("create", create));
      assertEquals(true, here.join().getBoolean("status"), here.join().encode());
      assertEquals(true, there.join().getBoolean("status"), there.join().encode());
      assertEquals(true, acme.call("endRoom", new JsonObject().put("room_id", roomId)).getBoolean("status"));
      // events of a room are delivered in order, so once room_finished is in, any room_created would be too
      Eventually.await("room_finished delivered", () -> receiver.events(TENANT_PATH, roomId).contains("room_finished"));
      assertEquals(List.of("room_created", "room_started", "room_finished"), receiver.events(TENANT_PATH, roomId));
    } finally {
      other.close().await();
    }
  }
}
