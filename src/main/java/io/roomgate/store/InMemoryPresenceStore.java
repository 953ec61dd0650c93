package io.roomgate.store;

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
  public Future<Void> join(RoomKey room, ParticipantInfo participant) {
    update(room, byIdentity -> byIdentity.put(participant.getIdentity(), participant));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> leave(RoomKey room, String identity) {
    update(room, byIdentity -> byIdentity.remove(identity));
    return Future.succeededFuture();
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

  private void update(RoomKey room, java.util.function.Consumer<Map<String, ParticipantInfo>> change) {
    rooms.compute(room, (k, current) -> {
      Presence base = current == null ? Presence.UNKNOWN : current;
      Map<String, ParticipantInfo> byIdentity = new LinkedHashMap<>();
      base.participants().forEach(p -> byIdentity.put(p.getIdentity(), p));
      change.accept(byIdentity);
      return new Presence(new ArrayList<>(byIdentity.values()), base.syncedAtMillis());
    });
  }
}
