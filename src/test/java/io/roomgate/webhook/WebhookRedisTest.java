package io.roomgate.webhook;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.redis.RedisKeys;
import io.roomgate.testsupport.LogCapture;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
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

  @Test
  void entriesALostReadTookAreReadAgainFromThePendingList() {
    // A read whose answer is lost (it timed out here, then ran on Redis) leaves its entries pending for this
    // consumer, where reads of new entries never look. Simulated on the real server: the gateway's reads fail for a
    // while (its user may not XREADGROUP), and meanwhile a read as the gateway's consumer, by another user, takes a
    // new entry and its answer goes nowhere.
    redis.command("ACL", "SETUSER", "claimer", "on", ">claimer-pw", "~*", "&*", "+@all");
    Redis claimer = Redis.createClient(vertx, "redis://claimer:claimer-pw@" + redis.host() + ":" + redis.port());
    LogCapture queueLog = LogCapture.of(RedisStreamEventQueue.class.getName()).attach();
    try {
      // first an entry read and delivered as usual: the gateway reads new entries only from then on
      String before = roomId + "-before";
      claimer.send(streamEntry(before)).await();
      Eventually.await("an entry delivered as usual", () -> receiver.events(TENANT_PATH, before).contains("room_created"));

      redis.command("ACL", "SETUSER", "default", "-xreadgroup");
      claimer.send(streamEntry(roomId)).await();
      claimer.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(RedisStreamEventQueue.GROUP)
          .arg(RedisStreamEventQueue.CONSUMER).arg("COUNT").arg(100).arg("STREAMS").arg(RedisKeys.webhookStream())
          .arg(">")).await();
      queueLog.clear();
      Eventually.await("a read of the gateway failed after the entry was taken",
          () -> queueLog.messages().stream().anyMatch(w -> w.startsWith("reading the webhook stream failed")));
    } finally {
      redis.command("ACL", "SETUSER", "default", "+xreadgroup");
      queueLog.close();
      claimer.close();
    }
    Eventually.await("the entry the lost read took is delivered",
        () -> receiver.events(TENANT_PATH, roomId).contains("room_created"));
  }

  /** An XADD of a room_created event of acme for {@code room}, as the gateway queues one. */
  private Request streamEntry(String room) {
    String body = new JsonObject().put("event", "room_created").put("room", new JsonObject().put("room_id", room))
        .encode();
    TenantEvent event = new TenantEvent("acme", room, "room_created", List.of(receiver.url(TENANT_PATH)), body);
    return Request.cmd(Command.XADD).arg(RedisKeys.webhookStream()).arg("*").arg("e").arg(event.toJson().encode());
  }
}
