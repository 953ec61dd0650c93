package io.roomgate.store;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.redis.RedisKeys;
import io.roomgate.room.PresenceStore;
import io.roomgate.redis.RedisClients;
import io.roomgate.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The presence contract against a real redis-server process. */
class RedisPresenceStoreTest extends PresenceStoreContract {
  private static RedisServerProcess redis;
  private static Vertx vertx;
  private static PresenceStore store;

  @BeforeAll
  static void start() {
    redis = RedisServerProcess.start();
    vertx = Vertx.vertx();
    store = new RedisPresenceStore(RedisClients.create(vertx,
        ConfigBuilders.redis(redis.url(), 4, 64, 2000)), 2000);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    redis.close();
  }

  @Override
  protected PresenceStore store() {
    return store;
  }

  @org.junit.jupiter.api.Test
  void presenceKeysExpireADayAfterTheirLastChange() {
    io.roomgate.room.RoomKey room = new io.roomgate.room.RoomKey("acme", "ttl");
    livekit.LivekitModels.ParticipantInfo ann = livekit.LivekitModels.ParticipantInfo.newBuilder()
        .setIdentity("ann").build();
    store.join(room, ann).await();
    assertDayTtl(RedisKeys.presence("acme", "ttl"));
    store.replace(room, java.util.List.of(ann), 5).await();
    assertDayTtl(RedisKeys.presence("acme", "ttl"));
    assertDayTtl(RedisKeys.presenceSynced("acme", "ttl"));
    redis.command("PERSIST", RedisKeys.presence("acme", "ttl"));
    store.leave(room, "nobody").await();
    assertDayTtl(RedisKeys.presence("acme", "ttl"));
  }

  private static void assertDayTtl(String key) {
    long ttl = Long.parseLong(redis.command("PTTL", key));
    org.junit.jupiter.api.Assertions.assertTrue(ttl > RedisPresenceStore.TTL_MS - 60_000 && ttl <= RedisPresenceStore.TTL_MS,
        key + " PTTL " + ttl);
  }
}
