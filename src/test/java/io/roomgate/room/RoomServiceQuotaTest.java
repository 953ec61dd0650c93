package io.roomgate.room;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.livekit.LiveKitClient;
import io.roomgate.livekit.sim.LiveKitSimulator;
import io.roomgate.livekit.sim.SimulatorOptions;
import io.roomgate.store.InMemoryPresenceStore;
import io.roomgate.store.InMemoryRoomStore;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import livekit.LivekitModels.Room;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RoomService}'s side of {@code max_active_rooms}, against the LiveKit simulator over HTTP: the early count
 * keeps LiveKit out of a refused create, and a claim that loses the last slot after that count removes the room
 * it made in LiveKit again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomServiceQuotaTest {
  private static final String KEY = "quotakey";
  private static final String SECRET = "quota-secret-0123456789abcdef0123456789";

  private Vertx vertx;
  private LiveKitClient liveKit;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    LiveKitSimulator sim = new LiveKitSimulator(new SimulatorOptions("127.0.0.1", 0, Map.of(KEY, SECRET)));
    vertx.deployVerticle(sim).await();
    String url = "http://127.0.0.1:" + sim.port();
    liveKit = new LiveKitClient(vertx, ConfigBuilders.liveKit(url, KEY, SECRET, 0, 4, 1000, 3000, 600, 0), url,
        GatewayClock.SYSTEM);
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  /** The in-process store, with a count that can be made to lag (as a concurrent create on another node does). */
  private static class LaggingCount implements RoomStore {
    final InMemoryRoomStore store = new InMemoryRoomStore();
    final AtomicInteger counted = new AtomicInteger();
    volatile boolean lag;

    @Override
    public Future<Integer> countActive(String tenantId) {
      counted.incrementAndGet();
      return lag ? Future.succeededFuture(0) : store.countActive(tenantId);
    }

    @Override
    public Future<RoomRecord> findActive(RoomKey key) {
      return store.findActive(key);
    }

    @Override
    public Future<List<RoomRecord>> listActive(String tenantId) {
      return store.listActive(tenantId);
    }

    @Override
    public Future<ActiveClaim> claimActive(RoomRecord room, int maxActiveRooms) {
      return store.claimActive(room, maxActiveRooms);
    }

    @Override
    public Future<RoomRecord> replaceActive(RoomRecord room) {
      return store.replaceActive(room);
    }

    @Override
    public Future<RoomRecord> end(RoomKey key, long endedAtUnixSeconds) {
      return store.end(key, endedAtUnixSeconds);
    }

    @Override
    public Future<PastRoomPage> pastRooms(String tenantId, PastRoomQuery query) {
      return store.pastRooms(tenantId, query);
    }

    @Override
    public Future<Void> close() {
      return store.close();
    }
  }

  private RoomService service(RoomStore store) {
    return new RoomService(store, new ParticipantDirectory(new InMemoryPresenceStore(), liveKit, Clock.systemUTC(),
        60_000), liveKit, Clock.systemUTC(), 600);
  }

  private static CreateRoomCommand room(String id) {
    return new CreateRoomCommand(id, "T " + id, 0, 1800, new JsonObject().put("room_title", "T " + id), "", null);
  }

  private List<Room> inLiveKit(String name) {
    return liveKit.listRooms(List.of(name)).await();
  }

  @Test
  void aClaimThatLosesTheLastSlotLeavesNothingInLiveKit() {
    LaggingCount store = new LaggingCount();
    RoomService rooms = service(store);
    rooms.create("q1", 1, room("first")).await();
    store.lag = true; // the early count says 0: the claim alone must refuse
    GatewayException e = assertThrows(GatewayException.class, () -> rooms.create("q1", 1, room("second")).await());
    assertEquals(ErrorKind.QUOTA_EXCEEDED, e.kind());
    assertEquals("too many active rooms: the tenant's max_active_rooms is 1; end a room before creating another",
        e.getMessage());
    assertNull(store.findActive(new RoomKey("q1", "second")).await());
    io.roomgate.testsupport.Eventually.await("the LiveKit room of the refused create is removed",
        () -> inLiveKit("q1:second").isEmpty());
    assertEquals(1, inLiveKit("q1:first").size());
  }

  @Test
  void theEarlyCountKeepsLiveKitOutAndAnActiveRoomIsAlwaysAnswered() {
    LaggingCount store = new LaggingCount();
    RoomService rooms = service(store);
    RoomRecord first = rooms.create("q2", 1, room("first")).await();
    GatewayException e = assertThrows(GatewayException.class, () -> rooms.create("q2", 1, room("second")).await());
    assertEquals(ErrorKind.QUOTA_EXCEEDED, e.kind());
    assertTrue(inLiveKit("q2:second").isEmpty(), "LiveKit was never asked");
    int counts = store.counted.get();
    assertEquals(first.sid(), rooms.create("q2", 1, room("first")).await().sid(), "idempotent at the limit");
    assertEquals(counts, store.counted.get(), "an active room is answered before any count");
  }

  @Test
  void aRoomThatAnotherNodeMadeActiveMeanwhileIsTheAnswerNotTheLimit() {
    LaggingCount store = new LaggingCount();
    RoomService otherNode = service(store);
    // The first findActive of this create sees no room; before it counts, another node creates the room and
    // takes the last slot. The create must answer that room, not the limit.
    RoomStore racing = new LaggingCount() {
      boolean raced;

      @Override
      public Future<RoomRecord> findActive(RoomKey key) {
        return store.findActive(key);
      }

      @Override
      public Future<Integer> countActive(String tenantId) {
        if (!raced) {
          raced = true;
          otherNode.create("q3", 1, room("shared")).await();
        }
        return store.countActive(tenantId);
      }
    };
    RoomRecord answer = service(racing).create("q3", 1, room("shared")).await();
    assertEquals(store.findActive(new RoomKey("q3", "shared")).await().sid(), answer.sid());
    assertEquals(1, store.countActive("q3").await());
  }
}
