package io.roomgate.store;

import io.roomgate.room.PresenceStore;
import io.roomgate.room.Presence;
import io.roomgate.room.RoomKey;
import io.vertx.core.Future;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Presence in process. Each room's state is an immutable snapshot swapped with {@code compute}, so readers never
 * lock and see either the old or the new list.
 */
public final class InMemoryPresenceStore implements PresenceStore {
  private final ConcurrentMap<RoomKey, Presence> rooms = new ConcurrentHashMap<>();

  @Override
  public Future<Presence> get(RoomKey room) {
    return Future.succeededFuture(rooms.getOrDefault(room, Presence.UNKNOWN));
  }

  @Override
  public Future<Integer> join(RoomKey room, ParticipantInfo participant) {
    return Future.succeededFuture(update(room, byIdentity -> byIdentity.put(participant.getIdentity(), participant)));
  }

  @Override
  public Future<Integer> leave(RoomKey room, String identity) {
    return Future.succeededFuture(update(room, byIdentity -> byIdentity.remove(identity)));
  }

  @Override
  public Future<Void> publishTrack(RoomKey room, String identity, TrackInfo track) {
    update(room, byIdentity -> byIdentity.computeIfPresent(identity, (id, p) -> Tracks.publish(p, track)));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unpublishTrack(RoomKey room, String identity, String trackSid) {
    update(room, byIdentity -> byIdentity.computeIfPresent(identity, (id, p) -> Tracks.unpublish(p, trackSid)));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> replace(RoomKey room, List<ParticipantInfo> participants, long syncedAtMillis) {
    rooms.put(room, new Presence(participants, syncedAtMillis));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> clear(RoomKey room) {
    rooms.remove(room);
    return Future.succeededFuture();
  }

  /** Applies {@code change} atomically; answers the room's participant count afterwards. */
  private int update(RoomKey room, java.util.function.Consumer<Map<String, ParticipantInfo>> change) {
    return rooms.compute(room, (k, current) -> {
      Presence base = current == null ? Presence.UNKNOWN : current;
      Map<String, ParticipantInfo> byIdentity = new LinkedHashMap<>();
      base.participants().forEach(p -> byIdentity.put(p.getIdentity(), p));
      change.accept(byIdentity);
      return new Presence(new ArrayList<>(byIdentity.values()), base.syncedAtMillis());
    }).participants().size();
  }
}
