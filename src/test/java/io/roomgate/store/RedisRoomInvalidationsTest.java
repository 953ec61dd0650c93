package io.roomgate.store;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.room.RoomStore;
import io.roomgate.room.PresenceStore;
import io.roomgate.config.RedisConfig;
import io.roomgate.redis.RedisClients;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read caches of two gateway instances on one real redis-server, kept fresh by pub/sub announcements: with a
 * TTL of a minute, only the announcements can explain a change being seen.
 */
class RedisRoomInvalidationsTest {
  private static final long TTL_MS = 60_000;
  private final RoomKey key = new RoomKey("acme", "r1");

  private RedisServerProcess server;
  private Vertx vertx;
  private Instance a;
  private Instance b;
  private RoomStore unannounced; // writes straight to Redis, as a lost announcement would leave it

  /** One gateway instance's Redis client, announcements and cached stores. */
  private final class Instance {
    final Redis redis;
    final RedisRoomInvalidations invalidations;
    final RoomStore rooms;
    final PresenceStore presence;

    Instance() {
      this(server.url());
    }

    Instance(String url) {
      RedisConfig config = ConfigBuilders.redis(url, 4, 256, 5_000);
      redis = RedisClients.create(vertx, config);
      invalidations = new RedisRoomInvalidations(vertx, redis, config);
      rooms = new ReadCachingRoomStore(new RedisRoomStore(redis, config), invalidations, TTL_MS, 100,
          System::nanoTime);
      presence = new ReadCachingPresenceStore(new RedisPresenceStore(redis, 5_000), invalidations, TTL_MS, 100,
          System::nanoTime);
      invalidations.start();
    }

    void close() {
      invalidations.close().await();
      redis.close();
    }
  }

  @BeforeEach
  void up() {
    server = RedisServerProcess.start();
    vertx = Vertx.vertx();
    a = new Instance();
    b = new Instance();
    unannounced = new RedisRoomStore(a.redis, ConfigBuilders.redis(server.url(), 4, 256, 5_000));
    Eventually.await("both instances subscribed", () -> a.invalidations.live() && b.invalidations.live());
  }

  @AfterEach
  void down() {
    a.close();
    b.close();
    vertx.close().await();
    server.close();
  }

  private static RoomRecord room(String title) {
    return new RoomRecord("acme", "r1", "RM_1", title, 0, 1800, 1, "{}", "", "", List.of(), null, 0);
  }

  /** Writes at a, then waits until b has received the announcement, so that b's next read is not racing it. */
  private void createAtA(String title) {
    long before = b.invalidations.received();
    a.rooms.putActiveIfAbsent(room(title)).await();
    Eventually.await("b received the announcement", () -> b.invalidations.received() > before);
  }

  private String titleAtB() {
    RoomRecord r = b.rooms.findActive(key).await();
    return r == null ? null : r.title();
  }

  @Test
  void bServesItsCopyUntilAnInstanceAnnouncesAChange() {
    createAtA("one");
    assertEquals("one", titleAtB());
    unannounced.replaceActive(room("behind its back")).await();
    assertEquals("one", titleAtB(), "b answers from its copy");

    a.rooms.replaceActive(room("changed at a")).await();
    Eventually.await("b sees a's change", () -> "changed at a".equals(titleAtB()));
    a.rooms.end(key, 5).await();
    Eventually.await("b sees the room end", () -> titleAtB() == null);
  }

  @Test
  void presenceChangesAtOneInstanceReachTheOther() {
    ParticipantInfo ann = ParticipantInfo.newBuilder().setIdentity("ann").setJoinedAtMs(1).build();
    assertEquals(0, b.presence.get(key).await().participants().size());
    a.presence.join(key, ann).await();
    Eventually.await("b sees ann", () -> b.presence.get(key).await().participants().size() == 1);
    a.presence.leave(key, "ann").await();
    Eventually.await("b sees ann leave", () -> b.presence.get(key).await().participants().isEmpty());
  }

  @Test
  void withoutItsSubscriptionAnInstanceReadsRedisUntilItIsBack() {
    createAtA("one");
    assertEquals("one", titleAtB());
    server.command("CLIENT", "KILL", "TYPE", "pubsub"); // both instances lose their subscription
    Eventually.await("b notices", () -> !b.invalidations.live());
    unannounced.replaceActive(room("while unsubscribed")).await();
    assertEquals("while unsubscribed", titleAtB(), "suspended: read from Redis");
    Eventually.await("b subscribes again", () -> b.invalidations.live());
    assertEquals("while unsubscribed", titleAtB());
    unannounced.replaceActive(room("behind its back")).await();
    assertEquals("while unsubscribed", titleAtB(), "caching again");
    a.rooms.replaceActive(room("announced")).await();
    Eventually.await("announcements arrive again", () -> "announced".equals(titleAtB()));
  }

  @Test
  void aFailedAnnouncementIsCountedAndTheWriteStillAnswers() {
    Instance c = new Instance();
    try {
      Eventually.await("c subscribed", () -> c.invalidations.live());
      server.stop();
      assertTrue(c.invalidations.announce(key).await() == null, "announce never fails");
      assertEquals(1, c.invalidations.publishFailures());
      Eventually.await("c notices Redis is gone", () -> !c.invalidations.live());
      assertFalse(c.invalidations.live());
    } finally {
      c.close();
    }
  }

  @Test
  void aFailedAnnouncementIsMadeGoodByDroppingEveryCopyOnceRedisTakesItAgain() {
    // c's Redis user may not PUBLISH (yet): its announcements fail for certain, as on a Redis that refuses writes
    server.command("ACL", "SETUSER", "c", "on", ">c-pass", "~*", "&*", "+@all", "-publish");
    Instance c = new Instance(server.url().replace("redis://", "redis://c:c-pass@"));
    try {
      Eventually.await("c subscribed", () -> c.invalidations.live());
      createAtA("one");
      assertEquals("one", titleAtB());
      unannounced.replaceActive(room("changed")).await();
      c.invalidations.announce(key).await();             // refused: counted, not failed
      assertEquals(1, c.invalidations.publishFailures());
      assertEquals("one", titleAtB(), "the announcement did not get through: b still serves its copy");
      server.command("ACL", "SETUSER", "c", "+publish");
      Eventually.await("c's retry drops b's copies", () -> "changed".equals(titleAtB()));
    } finally {
      c.close();
    }
  }

  @Test
  void aSubscriptionThatFallsSilentIsFoundByItsHeartbeat() throws Exception {
    try (io.roomgate.testsupport.SilenceableProxy proxy = new io.roomgate.testsupport.SilenceableProxy(server.port())) {
      // d publishes directly, but its subscription goes through a path that can stall
      RedisConfig viaProxy = ConfigBuilders.redis("redis://127.0.0.1:" + proxy.port(), 4, 256, 250); // 2 s heartbeat deadline
      RedisRoomInvalidations d = new RedisRoomInvalidations(vertx, a.redis, viaProxy, 200);
      d.start();
      try {
        Eventually.await("d subscribed", d::live);
        proxy.silence(); // the connection stays open; nothing arrives any more
        Eventually.await("d's missing heartbeat suspends its caches", () -> !d.live());
      } finally {
        d.close().await();
      }
    }
  }
}
