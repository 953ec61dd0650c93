package io.roomgate.store;

import io.roomgate.room.PresenceStore;
import io.roomgate.room.Presence;
import io.roomgate.room.RoomKey;
import io.vertx.core.Future;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@link PresenceStore} that answers {@link #get} from a short node-local copy ({@code redis.read_cache_ms}).
 * Changes go straight through and are announced through {@link RoomInvalidations} before their caller is answered,
 * so a webhook applied by any instance drops every instance's copy of the room.
 */
public final class ReadCachingPresenceStore implements PresenceStore {
  private final PresenceStore delegate;
  private final RoomInvalidations invalidations;
  private final ReadCache<RoomKey, Presence> rooms;

  public ReadCachingPresenceStore(PresenceStore delegate, RoomInvalidations invalidations, long ttlMillis,
                                  int maxEntries, LongSupplier nanoTime) {
    this.delegate = delegate;
    this.invalidations = invalidations;
    this.rooms = new ReadCache<>(ttlMillis * 1_000_000L, maxEntries, nanoTime);
    invalidations.feed(rooms);
  }

  @Override
  public Future<Presence> get(RoomKey room) {
    return rooms.getOrLoad(room, delegate::get);
  }

  @Override
  public Future<Integer> join(RoomKey room, ParticipantInfo participant) {
    return evicting(room, delegate.join(room, participant));
  }

  @Override
  public Future<Integer> leave(RoomKey room, String identity) {
    return evicting(room, delegate.leave(room, identity));
  }

  @Override
  public Future<Void> publishTrack(RoomKey room, String identity, TrackInfo track) {
    return evicting(room, delegate.publishTrack(room, identity, track));
  }

  @Override
  public Future<Void> unpublishTrack(RoomKey room, String identity, String trackSid) {
    return evicting(room, delegate.unpublishTrack(room, identity, trackSid));
  }

  @Override
  public Future<Void> replace(RoomKey room, List<ParticipantInfo> participants, long syncedAtMillis) {
    return evicting(room, delegate.replace(room, participants, syncedAtMillis));
  }

  @Override
  public Future<Void> clear(RoomKey room) {
    return evicting(room, delegate.clear(room));
  }

  private <T> Future<T> evicting(RoomKey room, Future<T> write) {
    return rooms.writeThrough(room, write, () -> invalidations.announce(room));
  }
}
