package io.roomgate.room;

import io.roomgate.livekit.LiveKitRooms;
import io.roomgate.livekit.LiveKitException;
import io.vertx.core.Future;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Makes LiveKit's rooms and the store's active rooms one set again after LiveKit was away. One pass:
 * <ul>
 *   <li>a room the store holds active that LiveKit does not know (LiveKit restarted without its state) is created
 *       in LiveKit again with its stored settings, and its new sid is stored: the gateway answered it as created, so
 *       it stays usable;</li>
 *   <li>a room of a configured tenant that LiveKit holds and the store does not, older than {@code orphanAgeSeconds},
 *       is deleted from LiveKit: it is what a CreateRoom leaves when it reached LiveKit after the gateway had given up
 *       on it (a frozen LiveKit resumes and runs the requests it had buffered). Younger rooms may be a create between
 *       its LiveKit call and its store claim, and wait for a later pass.</li>
 * </ul>
 * Passes run one at a time; each change re-reads the store just before it, so a create or end racing a pass wins.
 */
public final class LiveKitReconciler {
  private static final Logger LOG = Logger.getLogger(LiveKitReconciler.class.getName());

  private final RoomStore store;
  private final LiveKitRooms liveKit;
  private final Supplier<? extends Iterable<String>> tenantIds;
  private final Clock clock;
  private final long orphanAgeSeconds;
  private final AtomicBoolean running = new AtomicBoolean();

  /** What one pass changed. */
  public record Pass(int recreated, int orphansDeleted) {
  }

  public LiveKitReconciler(RoomStore store, LiveKitRooms liveKit, Supplier<? extends Iterable<String>> tenantIds,
                           Clock clock, long orphanAgeSeconds) {
    this.store = store;
    this.liveKit = liveKit;
    this.tenantIds = tenantIds;
    this.clock = clock;
    this.orphanAgeSeconds = orphanAgeSeconds;
  }

  /** One pass; a pass already running is not doubled (this one then answers {@code 0, 0}). */
  public Future<Pass> reconcile() {
    if (liveKit.circuitOpen() || !running.compareAndSet(false, true)) {
      // LiveKit is away: the pass runs when it answers again (LiveKitClient#onRecovered)
      return Future.succeededFuture(new Pass(0, 0));
    }
    return liveKit.listRooms(List.of()).compose(this::pass).andThen(ar -> {
      running.set(false);
      if (ar.failed()) {
        LOG.warning("LiveKit reconciliation failed: " + ar.cause().getMessage());
      } else if (ar.result().recreated() + ar.result().orphansDeleted() > 0) {
        LOG.info("LiveKit reconciliation: " + ar.result().recreated() + " rooms created again, "
            + ar.result().orphansDeleted() + " orphaned rooms deleted");
      }
    });
  }

  private Future<Pass> pass(List<Room> inLiveKit) {
    Map<String, Room> byName = new HashMap<>();
    inLiveKit.forEach(r -> byName.put(r.getName(), r));
    List<Future<Integer>> tenants = new ArrayList<>();
    Set<String> tenantSet = new HashSet<>();
    for (String tenant : tenantIds.get()) {
      tenantSet.add(tenant);
      tenants.add(store.listActive(tenant).compose(rooms -> recreateMissing(rooms, byName)));
    }
    return Future.all(tenants).compose(done -> {
      int recreated = 0;
      for (Future<Integer> f : tenants) {
        recreated += f.result();
      }
      int total = recreated;
      return deleteOrphans(inLiveKit, tenantSet).map(deleted -> new Pass(total, deleted));
    });
  }

  /** One room after the other: a LiveKit that just came back is not flooded. */
  private Future<Integer> recreateMissing(List<RoomRecord> active, Map<String, Room> inLiveKit) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (RoomRecord room : active) {
      if (!inLiveKit.containsKey(room.key().liveKitName())) {
        chain = chain.compose(n -> recreate(room).map(ok -> ok ? n + 1 : n));
      }
    }
    return chain;
  }

  private Future<Boolean> recreate(RoomRecord room) {
    RoomKey key = room.key();
    return liveKit.createRoom(CreateRoomRequest.newBuilder()
            .setName(key.liveKitName())
            .setEmptyTimeout(room.emptyTimeout())
            .setMaxParticipants(room.maxParticipants())
            .setMetadata(room.metadata())
            .build())
        .compose(created -> store.findActive(key).compose(current -> {
          if (current == null) {
            // ended meanwhile: LiveKit must not keep it
            return liveKit.deleteRoom(key.liveKitName()).map(false);
          }
          if (current.sid().equals(created.getSid())) {
            return Future.succeededFuture(false); // it was there after all (created after the ListRooms snapshot)
          }
          return store.replaceActive(withSid(current, created.getSid())).map(true);
        }));
  }

  private Future<Integer> deleteOrphans(List<Room> inLiveKit, Set<String> tenants) {
    long now = clock.millis() / 1000;
    Future<Integer> chain = Future.succeededFuture(0);
    for (Room room : inLiveKit) {
      RoomKey key = keyOf(room.getName());
      if (key == null || !tenants.contains(key.tenantId()) || now - room.getCreationTime() < orphanAgeSeconds) {
        continue;
      }
      chain = chain.compose(n -> store.findActive(key).compose(current -> {
        if (current != null) {
          return Future.succeededFuture(n);
        }
        return liveKit.deleteRoom(room.getName())
            .recover(e -> e instanceof LiveKitException lk && lk.notFound() ? Future.succeededFuture()
                : Future.failedFuture(e))
            .map(v -> n + 1);
      }));
    }
    return chain;
  }

  /** The store's key of a LiveKit room name ({@code tenant:room_id}), or {@code null} for rooms not made here. */
  static RoomKey keyOf(String liveKitName) {
    int colon = liveKitName.indexOf(':');
    return colon <= 0 || colon == liveKitName.length() - 1 ? null
        : new RoomKey(liveKitName.substring(0, colon), liveKitName.substring(colon + 1));
  }

  private static RoomRecord withSid(RoomRecord r, String sid) {
    return new RoomRecord(r.tenantId(), r.roomId(), sid, r.title(), r.maxParticipants(), r.emptyTimeout(),
        r.creationTime(), r.metadataText(), r.webhookUrl(), r.turnPassword(), r.enabledCodecs(), r.extra(), r.endedAt());
  }
}
