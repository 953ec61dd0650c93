package io.roomgate.store;

import io.roomgate.room.RoomKey;
import io.vertx.core.Future;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@link PresenceStore} that answers {@link #get} from a short node-local copy ({@code redis.read_cache_ms}): a
 * webhook applied by another gateway instance shows here after at most the TTL. Changes go straight through and
 * evict the room's copy.
 */
public final class ReadCachingPresenceStore implements PresenceStore {
  private final PresenceStore delegate;
  private final ReadCache<RoomKey, Presence> rooms;

  public ReadCachingPresenceStore(PresenceStore delegate, long ttlMillis, int maxEntries, LongSupplier nanoTime) {
    this.delegate = delegate;
    this.rooms = new ReadCache<>(ttlMillis * 1_000_000L, maxEntries, nanoTime);
  }

  @Override
  public Future<Presence> get(RoomKey room) {
    Presence cached = rooms.get(room);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return delegate.get(room).onSuccess(p -> rooms.put(room, p));
  }

  @Override
  public Future<Void> join(RoomKey room, ParticipantInfo participant) {
    return evicting(room, delegate.join(room, participant));
  }

  @Override
  public Future<Void> leave(RoomKey room, String identity) {
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

  /** Evicts before and after the write, so a read racing it cannot keep the old copy. */
  private Future<Void> evicting(RoomKey room, Future<Void> write) {
    rooms.evict(room);
    return write.onComplete(ar -> rooms.evict(room));
  }
}
