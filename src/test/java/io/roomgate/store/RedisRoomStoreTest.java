package io.roomgate.store;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.redis.RedisKeys;
import io.roomgate.room.RoomStore;
import io.roomgate.room.PastRoomQuery;
import io.roomgate.room.ActiveClaim;
import io.roomgate.redis.RedisClients;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.roomgate.testsupport.RedisServerExtension;
import io.roomgate.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(RedisServerExtension.class)
class RedisRoomStoreTest extends RoomStoreContract {

  private static RedisServerProcess redis;

  @BeforeAll
  static void server(RedisServerProcess server) {
    redis = server;
  }

  @Override
  protected RoomStore newEmptyStore(Vertx vertx) {
    redis.flushAll();
    // A generous deadline: the contract tests must not fail on a slow CI machine.
    return RedisRoomStore.create(vertx, ConfigBuilders.redis(redis.url(), 4, 1024, 5_000));
  }

  @Test
  void twoGatewaysClaimingAtOnceShareOneLimit() throws Exception {
    // Two stores with their own pooled clients: two gateway instances on one Redis.
    RedisRoomStore other = RedisRoomStore.create(vertx, ConfigBuilders.redis(redis.url(), 4, 1024, 5_000));
    try {
      List<io.vertx.core.Future<ActiveClaim>> claims = new java.util.ArrayList<>();
      for (int i = 0; i < 30; i++) {
        RoomStore node = i % 2 == 0 ? store : other;
        claims.add(node.claimActive(room("acme", "room" + i, "RM_" + i), 7));
      }
      int created = 0;
      for (io.vertx.core.Future<ActiveClaim> c : claims) {
        created += await(c).created() ? 1 : 0;
      }
      assertEquals(7, created);
      assertEquals(7, await(other.countActive("acme")));
      assertEquals(7L, Long.parseLong(redis.command("HLEN", RedisKeys.active("acme")).trim()));
    } finally {
      await(other.close());
    }
  }

  @Test
  void scriptsSurviveAScriptFlush() {
    RedisRoomStore s = (RedisRoomStore) store;
    await(s.loadScripts());
    redis.command("SCRIPT", "FLUSH");
    RoomRecord r = room("acme", "r1", "RM_1");
    assertEquals(r, await(s.putActiveIfAbsent(r)), "EVALSHA falls back to EVAL on NOSCRIPT");
    assertEquals(r.endedAt(5), await(s.end(r.key(), 5)));
  }

  @Test
  void keysOfOneTenantShareOneSlot() {
    await(store.putActiveIfAbsent(room("acme", "r1", "RM_1")));
    await(store.end(new RoomKey("acme", "r1"), 5));
    await(store.putActiveIfAbsent(room("acme", "r2", "RM_2")));
    String keys = redis.command("KEYS", "*");
    List<String> expected = List.of(RedisKeys.active("acme"), RedisKeys.past("acme"), RedisKeys.pastRecords("acme"),
        RedisKeys.pastSeq("acme"), RedisKeys.pastByRoom("acme", "r1"));
    for (String k : expected) {
      assertTrue(keys.contains(k), k + " in " + keys);
    }
    // Ask a cluster-enabled Redis (only it answers CLUSTER KEYSLOT) where each key would live.
    try (RedisServerProcess cluster = RedisServerProcess.start("--cluster-enabled", "yes")) {
      String slot = cluster.command("CLUSTER", "KEYSLOT", RedisKeys.active("acme"));
      for (String k : expected) {
        assertEquals(slot, cluster.command("CLUSTER", "KEYSLOT", k), k);
      }
      assertNotEquals(slot, cluster.command("CLUSTER", "KEYSLOT", RedisKeys.active("beta")));
    }
  }

  @Test
  void aSharedClientIsLeftOpenByClose(Vertx vertx) {
    Redis client = RedisClients.create(vertx, ConfigBuilders.redis(redis.url(), 2, 16, 2_000));
    try {
      RedisRoomStore shared = new RedisRoomStore(client, ConfigBuilders.redis(redis.url(), 2, 16, 2_000));
      RoomRecord r = room("acme", "r1", "RM_1");
      await(shared.putActiveIfAbsent(r));
      await(shared.close());
      RedisRoomStore again = new RedisRoomStore(client, ConfigBuilders.redis(redis.url(), 2, 16, 2_000));
      assertEquals(r, await(again.findActive(r.key())));
    } finally {
      await(client.close());
    }
  }

  @Test
  void aStoppedRedisFailsTheCallInsteadOfHanging(Vertx vertx) {
    RedisServerProcess doomed = RedisServerProcess.start();
    RedisRoomStore s = RedisRoomStore.create(vertx, ConfigBuilders.redis(doomed.url(), 2, 16, 500));
    try {
      RoomRecord r = room("acme", "r1", "RM_1");
      assertEquals(r, await(s.putActiveIfAbsent(r))); // a pooled connection exists now
      doomed.stop();
      StoreException e = assertThrows(StoreException.class, () -> await(s.findActive(r.key())));
      assertTrue(e.getMessage().contains("findActive"), e.getMessage());
      assertThrows(StoreException.class, () -> await(s.end(r.key(), 10)));
      assertThrows(StoreException.class, () -> await(s.listActive("acme")));
    } finally {
      await(s.close());
      doomed.close();
    }
  }

  @Test
  void anUnreachableRedisFailsTheCall(Vertx vertx) {
    RedisServerProcess gone = RedisServerProcess.start();
    String url = gone.url();
    gone.close(); // nothing listens on that port any more
    RedisRoomStore s = RedisRoomStore.create(vertx, ConfigBuilders.redis(url, 2, 16, 500));
    try {
      assertThrows(StoreException.class, () -> await(s.findActive(new RoomKey("acme", "r1"))));
      assertThrows(StoreException.class,
          () -> await(s.pastRooms("acme", new PastRoomQuery(List.of(), 0, 10, true))));
    } finally {
      await(s.close());
    }
  }

  @Test
  void aRedisThatDoesNotAnswerTimesOut(Vertx vertx) {
    RedisServerProcess stalled = RedisServerProcess.start();
    RedisRoomStore s = RedisRoomStore.create(vertx, ConfigBuilders.redis(stalled.url(), 2, 16, 200));
    try {
      RoomRecord r = room("acme", "r1", "RM_1");
      assertEquals(r, await(s.putActiveIfAbsent(r))); // a pooled connection exists now
      // The server stops serving clients (it stays connected and silent) far longer than the deadline.
      stalled.command("CLIENT", "PAUSE", "60000", "ALL");
      StoreException e = assertThrows(StoreException.class, () -> await(s.findActive(r.key())));
      assertInstanceOf(StoreTimeoutException.class, e);
      assertTrue(e.getMessage().contains("timed out after 200 ms"), e.getMessage());
    } finally {
      await(s.close());
      stalled.close();
    }
  }
}
