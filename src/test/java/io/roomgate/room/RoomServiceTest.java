package io.roomgate.room;

import io.roomgate.livekit.LiveKitException;
import io.roomgate.livekit.LiveKitRooms;
import io.roomgate.livekit.LiveKitTokens;
import io.roomgate.store.InMemoryPresenceStore;
import io.roomgate.store.InMemoryRoomStore;
import io.roomgate.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RoomService} on its ports alone: an in-process LiveKit fake, the in-process room and presence stores, and a
 * store that can be made to fail. Every future here completes before it is returned, so no event loop is needed.
 */
class RoomServiceTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
  private static final RoomKey KEY = new RoomKey("acme", "r1");

  private final FakeLiveKit liveKit = new FakeLiveKit();
  private final FailingStore store = new FailingStore();
  private final InMemoryPresenceStore presence = new InMemoryPresenceStore();
  private final Lifecycle lifecycle = new Lifecycle();
  private final RoomService rooms = service();

  private RoomService service() {
    RoomService s = new RoomService(store, new ParticipantDirectory(presence, liveKit, CLOCK, 60_000), liveKit,
        CLOCK, 600);
    s.lifecycle(lifecycle);
    return s;
  }

  private static CreateRoomCommand command() {
    return new CreateRoomCommand(KEY.roomId(), "Daily", 5, 300, new JsonObject().put("room_title", "Daily"), "",
        new JsonObject());
  }

  @Test
  void createMakesTheRoomInLiveKitThenClaimsItInTheStore() {
    RoomRecord created = done(rooms.create("acme", 10, command()));

    Room inLiveKit = liveKit.rooms.get("acme:r1");
    assertEquals(inLiveKit.getSid(), created.sid());
    assertEquals(300, inLiveKit.getEmptyTimeout());
    assertEquals(5, inLiveKit.getMaxParticipants());
    assertEquals("{\"room_title\":\"Daily\"}", inLiveKit.getMetadata());
    assertEquals(created, done(store.findActive(KEY)));
    assertEquals(List.of("acme:r1"), lifecycle.created);
  }

  @Test
  void createOfAnActiveRoomAnswersItWithoutCallingLiveKit() {
    RoomRecord first = done(rooms.create("acme", 10, command()));
    RoomRecord again = done(rooms.create("acme", 10, command()));

    assertEquals(first, again);
    assertEquals(1, liveKit.creates);
    assertEquals(List.of("acme:r1"), lifecycle.created);
  }

  @Test
  void aStoreFailureAfterLiveKitMadeTheRoomDeletesItFromLiveKitAgain() {
    store.failClaims = true;

    Throwable failure = failed(rooms.create("acme", 10, command()));

    GatewayException g = assertInstanceOf(GatewayException.class, failure);
    assertEquals(ErrorKind.UPSTREAM_UNAVAILABLE, g.kind());
    assertEquals(1, liveKit.creates);
    assertEquals(List.of("acme:r1"), liveKit.deleted);
    assertTrue(liveKit.rooms.isEmpty(), liveKit.rooms.toString());
    assertNull(done(store.findActive(KEY)));
    assertEquals(List.of(), lifecycle.created);
  }

  @Test
  void aLiveKitFailureOnCreateStoresNothing() {
    liveKit.failure = new LiveKitException(LiveKitException.UNAVAILABLE, 503, "LiveKit is down", null);

    GatewayException g = assertInstanceOf(GatewayException.class, failed(rooms.create("acme", 10, command())));

    assertEquals(ErrorKind.UPSTREAM_UNAVAILABLE, g.kind());
    assertNull(done(store.findActive(KEY)));
    assertEquals(List.of(), liveKit.deleted);
  }

  @Test
  void endDeletesTheRoomInLiveKitMovesItToThePastAndForgetsItsPresence() {
    done(rooms.create("acme", 10, command()));
    done(presence.join(KEY, ParticipantInfo.newBuilder().setIdentity("ann").build()));

    RoomRecord ended = done(rooms.end(KEY));

    assertEquals(CLOCK.millis() / 1000, ended.endedAt());
    assertEquals(List.of("acme:r1"), liveKit.deleted);
    assertNull(done(store.findActive(KEY)));
    assertEquals(1, done(store.pastRooms("acme", new PastRoomQuery(List.of(), 0, 10, true))).total());
    assertSame(Presence.UNKNOWN, done(presence.get(KEY)));
    assertEquals(List.of("acme:r1"), lifecycle.ended);
  }

  @Test
  void aRoomLiveKitNoLongerKnowsStillEnds() {
    done(rooms.create("acme", 10, command()));
    liveKit.rooms.clear(); // closed on its empty timeout

    done(rooms.end(KEY));

    assertNull(done(store.findActive(KEY)));
    assertEquals(List.of("acme:r1"), lifecycle.ended);
  }

  @Test
  void aLiveKitFailureOnEndLeavesTheRoomActive() {
    RoomRecord room = done(rooms.create("acme", 10, command()));
    liveKit.failure = new LiveKitException(LiveKitException.UNAVAILABLE, 503, "LiveKit is down", null);

    GatewayException g = assertInstanceOf(GatewayException.class, failed(rooms.end(KEY)));

    assertEquals(ErrorKind.UPSTREAM_UNAVAILABLE, g.kind());
    assertEquals(room, done(store.findActive(KEY)));
    assertEquals(List.of(), lifecycle.ended);
  }

  @Test
  void updateStoresTheDialectsMetadataAndSendsItToLiveKit() {
    done(rooms.create("acme", 10, command()));

    RoomRecord updated = done(rooms.update(KEY, new RoomUpdate("Weekly", 8, null,
        r -> new JsonObject(r.metadata()).put("room_title", "Weekly").encode())));

    assertEquals("Weekly", updated.title());
    assertEquals(8, updated.maxParticipants());
    assertEquals("{\"room_title\":\"Weekly\"}", updated.metadata());
    assertEquals("{\"room_title\":\"Weekly\"}", liveKit.rooms.get("acme:r1").getMetadata());
    assertEquals(updated, done(store.findActive(KEY)));
  }

  @Test
  void aTitleAloneChangesNoMetadataAndCallsNoLiveKit() {
    done(rooms.create("acme", 10, command()));

    RoomRecord updated = done(rooms.update(KEY, new RoomUpdate("Weekly", null, null, null)));

    assertEquals("Weekly", updated.title());
    assertEquals("{\"room_title\":\"Daily\"}", updated.metadata()); // the metadata's layout is the dialect's
    assertEquals(0, liveKit.metadataUpdates);
  }

  @Test
  void aLiveKitFailureOnUpdateChangesNothing() {
    RoomRecord room = done(rooms.create("acme", 10, command()));
    liveKit.failure = new LiveKitException(LiveKitException.UNAVAILABLE, 503, "LiveKit is down", null);

    failed(rooms.update(KEY, new RoomUpdate("Weekly", null, null, r -> "{\"room_title\":\"Weekly\"}")));

    assertEquals(room, done(store.findActive(KEY)));
  }

  private static <T> T done(Future<T> f) {
    assertTrue(f.isComplete(), "the fakes answer at once");
    if (f.failed()) {
      throw new AssertionError("failed: " + f.cause(), f.cause());
    }
    return f.result();
  }

  private static Throwable failed(Future<?> f) {
    assertTrue(f.isComplete(), "the fakes answer at once");
    assertTrue(f.failed(), () -> "succeeded with " + f.result());
    return f.cause();
  }

  /** LiveKit's room calls in process: the rooms it holds, what it was asked, and a failure to answer with. */
  private static final class FakeLiveKit implements LiveKitRooms {
    final Map<String, Room> rooms = new LinkedHashMap<>();
    final List<String> deleted = new ArrayList<>();
    int creates;
    int metadataUpdates;
    LiveKitException failure;

    @Override
    public Future<Room> createRoom(CreateRoomRequest request) {
      creates++;
      if (failure != null) {
        return Future.failedFuture(failure);
      }
      Room room = Room.newBuilder().setName(request.getName()).setSid("RM_" + creates)
          .setEmptyTimeout(request.getEmptyTimeout()).setMaxParticipants(request.getMaxParticipants())
          .setMetadata(request.getMetadata()).setCreationTime(CLOCK.millis() / 1000).build();
      rooms.put(room.getName(), room);
      return Future.succeededFuture(room);
    }

    @Override
    public Future<Void> deleteRoom(String room) {
      if (failure != null) {
        return Future.failedFuture(failure);
      }
      deleted.add(room);
      return rooms.remove(room) != null ? Future.succeededFuture()
          : Future.failedFuture(new LiveKitException(LiveKitException.NOT_FOUND, 404, "room not found", null));
    }

    @Override
    public Future<List<Room>> listRooms(List<String> names) {
      return Future.succeededFuture(new ArrayList<>(rooms.values()));
    }

    @Override
    public Future<List<ParticipantInfo>> listParticipants(String room) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Room> updateRoomMetadata(String room, String metadata) {
      metadataUpdates++;
      if (failure != null) {
        return Future.failedFuture(failure);
      }
      Room updated = rooms.get(room).toBuilder().setMetadata(metadata).build();
      rooms.put(room, updated);
      return Future.succeededFuture(updated);
    }

    @Override
    public boolean circuitOpen() {
      return false;
    }

    @Override
    public LiveKitTokens tokens() {
      throw new UnsupportedOperationException("no join tokens in these tests");
    }
  }

  /** The in-process store, whose claims can be made to fail as a Redis that went away does. */
  private static final class FailingStore implements RoomStore {
    final InMemoryRoomStore store = new InMemoryRoomStore();
    boolean failClaims;

    @Override
    public Future<ActiveClaim> claimActive(RoomRecord room, int maxActiveRooms) {
      return failClaims ? Future.failedFuture(new StoreException("claim failed: connection refused", null))
          : store.claimActive(room, maxActiveRooms);
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
    public Future<Integer> countActive(String tenantId) {
      return store.countActive(tenantId);
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

  /** Which rooms the service announced as created and ended. */
  private static final class Lifecycle implements RoomLifecycleListener {
    final List<String> created = new ArrayList<>();
    final List<String> ended = new ArrayList<>();

    @Override
    public void roomCreated(RoomRecord room) {
      created.add(room.key().liveKitName());
    }

    @Override
    public void roomEnded(RoomRecord room) {
      ended.add(room.key().liveKitName());
    }
  }
}
