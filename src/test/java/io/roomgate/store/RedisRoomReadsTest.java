package io.roomgate.store;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.redis.LoopConnections;
import io.roomgate.redis.RedisKeys;
import io.roomgate.room.RoomReads;
import io.roomgate.room.RoomView;
import io.roomgate.redis.RedisClients;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.roomgate.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The hot read on a real redis-server: the room and its participants in one round trip. Round trips are counted as
 * the server saw them: {@code total_reads_processed} (socket reads) and {@code INFO commandstats}, less what the
 * probe's own connection costs, measured the same way with nothing in between.
 */
class RedisRoomReadsTest {
  private static RedisServerProcess server;
  private static Vertx vertx;
  private static Redis redis;
  private static RedisRoomStore rooms;
  private static RedisPresenceStore presence;

  @BeforeAll
  static void start() {
    server = RedisServerProcess.start();
    vertx = Vertx.vertx();
    redis = RedisClients.create(vertx, ConfigBuilders.redis(server.url(), 1, 64, 5000));
    rooms = new RedisRoomStore(redis, ConfigBuilders.redis(server.url(), 1, 64, 5000));
    presence = new RedisPresenceStore(redis, 5000);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    server.close();
  }

  private static RoomRecord record(String tenant, String roomId) {
    return new RoomRecord(tenant, roomId, "RM_" + roomId, "Title " + roomId, 10, 60, 1_700_000_000L,
        "{\"room_title\":\"t\"}", "", "", List.of(), new JsonObject(), 0);
  }

  @Test
  void aRoomAndItsParticipantsAreOneRoundTripOfThreeCommands() {
    RoomKey key = new RoomKey("acme", "one-trip");
    rooms.claimActive(record("acme", "one-trip")).await();
    ParticipantInfo ann = ParticipantInfo.newBuilder().setIdentity("ann").setJoinedAtMs(1000).build();
    ParticipantInfo bob = ParticipantInfo.newBuilder().setIdentity("bob").setJoinedAtMs(2000).build();
    presence.replace(key, List.of(bob, ann), 12_345).await();
    RedisRoomReads reads = new RedisRoomReads(new LoopConnections(redis, 0, true), 5000);

    RoomView view = reads.activeWithPresence(key).await(); // also opens the pooled connection
    assertEquals("RM_one-trip", view.room().sid());
    assertEquals(List.of("ann", "bob"), view.presence().participants().stream().map(ParticipantInfo::getIdentity)
        .toList());
    assertEquals(12_345, view.presence().syncedAtMillis());

    Cost cost = measure(() -> reads.activeWithPresence(key).await());
    assertEquals(1, cost.roundTrips(), cost.toString());
    assertEquals(Map.of("hget", 1L, "hvals", 1L, "get", 1L), cost.commands(), cost.toString());

    // the two-call read it replaces, measured the same way: the probe tells one round trip from two
    RoomReads separate = RoomReads.of(rooms, presence);
    separate.activeWithPresence(key).await();
    Cost before = measure(() -> separate.activeWithPresence(key).await());
    assertEquals(2, before.roundTrips(), before.toString());
  }

  @Test
  void aRoomThatIsNotActiveIsNullInOneRoundTripToo() {
    RedisRoomReads reads = new RedisRoomReads(new LoopConnections(redis, 0, true), 5000);
    RoomKey key = new RoomKey("acme", "never-created");
    assertNull(reads.activeWithPresence(key).await());
    Cost cost = measure(() -> reads.activeWithPresence(key).await());
    assertEquals(1, cost.roundTrips(), cost.toString());
  }

  @Test
  void aTenantWithHashTagCharactersKeepsEveryKeyOfTheReadInOneSlot() {
    // the batch is only one round trip on Redis Cluster if its keys share a slot: they share the tenant's hash tag
    String tenant = "we{ird}:t%";
    String roomId = "r:1}";
    List<String> keys = List.of(RedisKeys.active(tenant), RedisKeys.presence(tenant, roomId),
        RedisKeys.presenceSynced(tenant, roomId));
    int slot = io.vertx.redis.client.impl.ZModem.generate(keys.get(0)); // the client's own slot function
    for (String k : keys) {
      assertEquals(slot, io.vertx.redis.client.impl.ZModem.generate(k), k);
    }
    assertEquals(io.vertx.redis.client.impl.ZModem.generate(RedisKeys.tenantTag(tenant)), slot);
  }

  /** What the server saw while {@code op} ran. */
  private record Cost(long roundTrips, Map<String, Long> commands) {
  }

  private static Cost measure(Supplier<?> op) {
    // a probe (one connection, one command) costs the same reads every time: measure it with nothing in between
    long idle0 = reads();
    long idle1 = reads();
    long probe = idle1 - idle0;
    Map<String, Long> stats0 = commandStats();
    long before = reads();
    op.get();
    long after = reads();
    Map<String, Long> stats1 = commandStats();
    Map<String, Long> delta = new TreeMap<>();
    stats1.forEach((cmd, n) -> {
      long d = n - stats0.getOrDefault(cmd, 0L);
      if (d > 0 && !cmd.equals("info")) {
        delta.put(cmd, d);
      }
    });
    return new Cost(after - before - probe, delta);
  }

  private static long reads() {
    return Long.parseLong(info("stats", "total_reads_processed"));
  }

  private static String info(String section, String field) {
    for (String line : server.command("INFO", section).split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).trim();
      }
    }
    throw new AssertionError("no " + field + " in INFO " + section);
  }

  private static Map<String, Long> commandStats() {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : server.command("INFO", "commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_")) { // cmdstat_hget:calls=3,usec=...
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        String n = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
        calls.put(name, Long.parseLong(n));
      }
    }
    return calls;
  }
}
