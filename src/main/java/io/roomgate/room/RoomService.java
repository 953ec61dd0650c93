package io.roomgate.room;

import io.roomgate.async.SingleFlight;
import io.roomgate.livekit.LiveKitRooms;
import io.roomgate.livekit.LiveKitException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The room logic, once, for every dialect: create, inspect, end, join tokens and past rooms. It knows the store
 * and LiveKit, never HTTP or a dialect's JSON. Errors are {@link GatewayException}s with client-safe messages.
 */
public final class RoomService {
  private static final Logger LOG = Logger.getLogger(RoomService.class.getName());

  private final RoomStore store;
  private final RoomReads reads;
  private final ParticipantDirectory participants;
  private final LiveKitRooms liveKit;
  private final Clock clock;
  private final long joinTokenTtlSeconds;
  private volatile RoomLifecycleListener lifecycle = RoomLifecycleListener.NONE;
  /** Creations in flight on this node, so that concurrent creates of one room share one LiveKit call. */
  private final SingleFlight<RoomKey, RoomRecord> creating = new SingleFlight<>();

  /** Reads a room and its participants with two store calls (right for stores in process). */
  public RoomService(RoomStore store, ParticipantDirectory participants, LiveKitRooms liveKit, Clock clock,
                     long joinTokenTtlSeconds) {
    this(store, participants.readsWith(store), participants, liveKit, clock, joinTokenTtlSeconds);
  }

  /** {@code reads} answers a room and its participants at once (one Redis round trip: {@code RedisRoomReads}). */
  public RoomService(RoomStore store, RoomReads reads, ParticipantDirectory participants, LiveKitRooms liveKit,
                     Clock clock, long joinTokenTtlSeconds) {
    this.store = store;
    this.reads = reads;
    this.participants = participants;
    this.liveKit = liveKit;
    this.clock = clock;
    this.joinTokenTtlSeconds = joinTokenTtlSeconds;
  }

  /** Evidence that the room's presence missed a LiveKit event: it is repaired before other rooms. */
  public void presenceGap(RoomKey key) {
    participants.gap(key);
  }

  /** Who hears about rooms created and ended (tenant webhooks). */
  public void lifecycle(RoomLifecycleListener listener) {
    this.lifecycle = listener;
  }

  /**
   * Creates the room in LiveKit and the store, or returns the active one (same sid): create is idempotent while the
   * room is active. Across nodes, LiveKit's CreateRoom is an upsert and the store keeps the first record, so
   * concurrent creates still make one room.
   *
   * <p>A room that is not active yet is refused with {@link ErrorKind#QUOTA_EXCEEDED} while the tenant has
   * {@code maxActiveRooms} active rooms: checked before LiveKit is called, and exactly (atomically, across nodes)
   * when the store claims the room. Re-creating an active room is never refused.
   */
  public Future<RoomRecord> create(String tenantId, int maxActiveRooms, CreateRoomCommand cmd) {
    RoomKey key = new RoomKey(tenantId, cmd.roomId());
    return store.findActive(key)
        .recover(this::storeFailure)
        .compose(existing -> existing != null ? Future.succeededFuture(existing)
            : createOnce(key, cmd, maxActiveRooms));
  }

  private Future<RoomRecord> createOnce(RoomKey key, CreateRoomCommand cmd, int maxActiveRooms) {
    return creating.run(key, k -> store.countActive(k.tenantId()).recover(this::storeFailure)
        .compose(n -> n < maxActiveRooms ? createInLiveKit(k, cmd, maxActiveRooms) : atLimit(k, maxActiveRooms)));
  }

  /**
   * The early count said the tenant is at its limit (so that such a create costs LiveKit nothing; the claim decides
   * exactly). The room may have become active meanwhile, created by another node: then it is the answer.
   */
  private Future<RoomRecord> atLimit(RoomKey key, int maxActiveRooms) {
    return findActive(key).compose(existing -> existing != null ? Future.succeededFuture(existing)
        : Future.failedFuture(activeRoomLimit(maxActiveRooms)));
  }

  static GatewayException activeRoomLimit(int maxActiveRooms) {
    return new GatewayException(ErrorKind.QUOTA_EXCEEDED, "too many active rooms: the tenant's max_active_rooms is "
        + maxActiveRooms + "; end a room before creating another");
  }

  private Future<RoomRecord> createInLiveKit(RoomKey key, CreateRoomCommand cmd, int maxActiveRooms) {
    String metadata = cmd.metadata().encode();
    GatewayException tooLarge = RoomLimits.checkMetadataSize(metadata);
    if (tooLarge != null) {
      return Future.failedFuture(tooLarge);
    }
    CreateRoomRequest request = CreateRoomRequest.newBuilder()
        .setName(key.liveKitName())
        .setEmptyTimeout(cmd.emptyTimeout())
        .setMaxParticipants(cmd.maxParticipants())
        .setMetadata(metadata)
        .build();
    return liveKit.createRoom(request)
        .recover(e -> Future.failedFuture(liveKitFailure("failed to create room", e)))
        .compose(room -> store.claimActive(record(key, cmd, room), maxActiveRooms)
            .map(claim -> {
              if (claim.limitReached()) {
                // Another room took the last slot since belowLimit: undone below, like a store failure.
                throw activeRoomLimit(maxActiveRooms);
              }
              if (claim.created()) { // exactly one claim of a room is, on every instance: one room_created
                lifecycle.roomCreated(claim.room());
              }
              return claim.room();
            })
            .recover(e -> {
              // The store did not take the room (it failed, or the tenant is at its limit): remove it from LiveKit
              // again so nothing half-created remains.
              liveKit.deleteRoom(key.liveKitName())
                  .onFailure(d -> LOG.warning("could not remove room " + key + " after a store failure: " + d.getMessage()));
              return storeFailure(e);
            }));
  }

  private static RoomRecord record(RoomKey key, CreateRoomCommand cmd, Room room) {
    List<Codec> codecs = new ArrayList<>(room.getEnabledCodecsCount());
    room.getEnabledCodecsList().forEach(c -> codecs.add(new Codec(c.getMime(), c.getFmtpLine())));
    return new RoomRecord(key.tenantId(), key.roomId(), room.getSid(), cmd.title(), room.getMaxParticipants(),
        room.getEmptyTimeout(), room.getCreationTime(), cmd.metadata().encode(), cmd.webhookUrl(),
        room.getTurnPassword(), codecs, cmd.extra(), 0);
  }

  /** The active room, or {@code null}. */
  public Future<RoomRecord> findActive(RoomKey key) {
    return store.findActive(key).recover(this::storeFailure);
  }

  /**
   * The active room and its participants, in one store read; {@code ROOM_NOT_FOUND} when it is not active. Never
   * waits for LiveKit: a presence due for a repair is answered as stored and repaired in the background.
   */
  public Future<ActiveRoom> activeRoom(RoomKey key, String notFoundMessage) {
    return reads.activeWithPresence(key).recover(this::storeFailure).compose(view -> view == null
        ? Future.failedFuture(new GatewayException(ErrorKind.ROOM_NOT_FOUND, notFoundMessage))
        : Future.succeededFuture(new ActiveRoom(view.room(), participants.current(key, view.presence()))));
  }

  /** Every active room of the tenant with its participants; {@code NOT_FOUND} when there is none. */
  public Future<List<ActiveRoom>> activeRooms(String tenantId) {
    return store.listActive(tenantId).recover(this::storeFailure).compose(rooms -> {
      if (rooms.isEmpty()) {
        return Future.failedFuture(new GatewayException(ErrorKind.NOT_FOUND, "no active room found"));
      }
      List<Future<ActiveRoom>> all = new ArrayList<>(rooms.size());
      rooms.forEach(r -> all.add(withParticipants(r)));
      return Future.all(all).map(cf -> {
        List<ActiveRoom> out = new ArrayList<>(rooms.size());
        for (int i = 0; i < all.size(); i++) {
          out.add(cf.resultAt(i));
        }
        return out;
      });
    });
  }

  private Future<ActiveRoom> withParticipants(RoomRecord room) {
    return participants.participants(room.key())
        .map(ps -> new ActiveRoom(room, ps))
        .recover(this::storeFailure);
  }

  /**
   * Ends the room: deletes it in LiveKit, then moves it to past rooms. A room LiveKit no longer knows (it closed
   * on its empty timeout) still ends. If LiveKit fails, the room stays active, unchanged.
   */
  public Future<RoomRecord> end(RoomKey key) {
    return findActive(key).compose(room -> {
      if (room == null) {
        return Future.failedFuture(new GatewayException(ErrorKind.ROOM_NOT_FOUND, "room not found or not active"));
      }
      return liveKit.deleteRoom(key.liveKitName())
          .recover(e -> e instanceof LiveKitException lk && lk.notFound()
              ? Future.succeededFuture()
              : Future.failedFuture(liveKitFailure("failed to end room", e)))
          .compose(v -> endInStore(key))
          // null: a concurrent end won the race; the room is ended either way
          .map(ended -> ended != null ? ended : room.endedAt(clock.millis() / 1000));
    });
  }

  /**
   * LiveKit reports that the room finished (empty timeout, or deleted elsewhere): end it here too, unless the active
   * room is a newer session than the one that finished. Returns the ended record, or {@code null}.
   */
  public Future<RoomRecord> finishedInLiveKit(RoomKey key, String sid) {
    return findActive(key).compose(room -> room == null || !room.sid().equals(sid)
        ? Future.succeededFuture(null)
        : endInStore(key));
  }

  private Future<RoomRecord> endInStore(RoomKey key) {
    return store.end(key, clock.millis() / 1000).recover(this::storeFailure)
        .onSuccess(ended -> {
          if (ended != null) {
            lifecycle.roomEnded(ended);
          }
        })
        .compose(ended -> participants.forget(key)
            .transform(cleared -> Future.succeededFuture(ended)));
  }

  /**
   * Patches an active room: the store record and, when the patch changes it, the LiveKit metadata. LiveKit has no
   * call to change {@code max_participants} of a live room; the new cap is kept in the record. LiveKit is updated
   * first: if it fails, nothing changes. Concurrent updates of one room are last-writer-wins.
   */
  public Future<RoomRecord> update(RoomKey key, RoomUpdate patch) {
    return findActive(key).compose(room -> {
      if (room == null) {
        return Future.failedFuture(new GatewayException(ErrorKind.ROOM_NOT_FOUND, "room not found or not active"));
      }
      RoomRecord updated = patched(room, patch);
      GatewayException tooLarge = RoomLimits.checkMetadataSize(updated.metadata());
      if (tooLarge != null && !updated.metadata().equals(room.metadata())) {
        return Future.failedFuture(tooLarge);
      }
      Future<Void> liveKitDone = updated.metadata().equals(room.metadata()) ? Future.succeededFuture()
          : liveKit.updateRoomMetadata(key.liveKitName(), updated.metadata()).<Void>mapEmpty()
              // a room LiveKit already closed on its empty timeout is still ours until it is ended
              .recover(e -> e instanceof LiveKitException lk && lk.notFound()
                  ? Future.succeededFuture()
                  : Future.failedFuture(liveKitFailure("failed to update room", e)));
      return liveKitDone
          .compose(v -> store.replaceActive(updated).recover(this::storeFailure))
          .compose(stored -> stored != null ? Future.succeededFuture(stored)
              : Future.failedFuture(new GatewayException(ErrorKind.ROOM_NOT_FOUND, "room not found or not active")));
    });
  }

  private static RoomRecord patched(RoomRecord r, RoomUpdate patch) {
    String title = patch.title() != null ? patch.title() : r.title();
    String metadata = patch.metadata() != null ? patch.metadata().apply(r) : r.metadata();
    int max = patch.maxParticipants() != null ? patch.maxParticipants() : r.maxParticipants();
    JsonObject extra = r.extra().copy();
    if (patch.extra() != null) {
      for (Map.Entry<String, Object> e : patch.extra()) {
        if (e.getValue() instanceof JsonObject over && extra.getValue(e.getKey()) instanceof JsonObject base) {
          base.mergeIn(over);
        } else {
          extra.put(e.getKey(), e.getValue());
        }
      }
    }
    return new RoomRecord(r.tenantId(), r.roomId(), r.sid(), title, max, r.emptyTimeout(), r.creationTime(),
        metadata, r.webhookUrl(), r.turnPassword(), r.enabledCodecs(), extra, 0);
  }

  /**
   * One page of the tenant's active rooms that pass {@code filter}, in room id order, after {@code afterRoomId}
   * ({@code null} or "" = from the start). Room id order is stable while rooms come and go, so a cursor never
   * skips or repeats a room that stays active.
   */
  public Future<RoomPage> activePage(String tenantId, String afterRoomId, int count, Predicate<RoomRecord> filter) {
    return store.listActive(tenantId).recover(this::storeFailure).map(all -> {
      List<RoomRecord> sorted = new ArrayList<>(all.size());
      for (RoomRecord r : all) {
        if ((afterRoomId == null || afterRoomId.isEmpty() || r.roomId().compareTo(afterRoomId) > 0)
            && filter.test(r)) {
          sorted.add(r);
        }
      }
      sorted.sort(Comparator.comparing(RoomRecord::roomId));
      if (sorted.size() <= count) {
        return new RoomPage(sorted, null);
      }
      List<RoomRecord> page = sorted.subList(0, count);
      return new RoomPage(page, page.get(count - 1).roomId());
    });
  }

  /** A LiveKit join token for an active room. */
  public Future<String> joinToken(RoomKey key, JoinCommand who) {
    return findActive(key).compose(room -> {
      if (room == null) {
        return Future.failedFuture(new GatewayException(ErrorKind.ROOM_NOT_FOUND, "room is not active"));
      }
      return Future.succeededFuture(liveKit.tokens().join(key.liveKitName(), who.userId(), who.name(),
          who.metadata(), who.admin(), who.hidden(), joinTokenTtlSeconds));
    });
  }

  public Future<PastRoomPage> pastRooms(String tenantId, PastRoomQuery query) {
    return store.pastRooms(tenantId, query).recover(this::storeFailure);
  }

  private <T> Future<T> storeFailure(Throwable e) {
    if (e instanceof GatewayException) {
      return Future.failedFuture(e);
    }
    LOG.log(Level.WARNING, "room store failed: " + e.getMessage());
    return Future.failedFuture(new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, "room store unavailable", e));
  }

  private static GatewayException liveKitFailure(String what, Throwable e) {
    if (e instanceof GatewayException g) {
      return g;
    }
    if (e instanceof LiveKitException lk) {
      if (!lk.circuitOpen()) { // a fast failure of an open breaker was logged once, when it opened
        LOG.warning(what + ": " + lk.getMessage());
      }
      return lk.transientFailure()
          ? new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, what + ": LiveKit is unavailable, retry later", lk)
          : new GatewayException(ErrorKind.UPSTREAM_ERROR, what + ": LiveKit " + lk.twirpCode(), lk);
    }
    LOG.log(Level.WARNING, what, e);
    return new GatewayException(ErrorKind.INTERNAL, what, e);
  }
}
