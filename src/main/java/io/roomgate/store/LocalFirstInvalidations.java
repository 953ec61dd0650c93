package io.roomgate.store;

import io.roomgate.room.RoomKey;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link RoomInvalidations} that drops this instance's copies of a room at once when it announces a change, then
 * passes the announcement on. The copy a writing cache holds is dropped by the cache itself; this reaches the
 * instance's other caches of the same room (e.g. {@link ReadCachingRoomReads} after a presence write), which would
 * otherwise wait for the announcement to come back over pub/sub, after the writer was answered.
 */
public final class LocalFirstInvalidations implements RoomInvalidations {
  private final RoomInvalidations delegate;
  private final List<ReadCache<RoomKey, ?>> caches = new CopyOnWriteArrayList<>();

  public LocalFirstInvalidations(RoomInvalidations delegate) {
    this.delegate = delegate;
  }

  @Override
  public Future<Void> announce(RoomKey room) {
    for (ReadCache<RoomKey, ?> cache : caches) {
      cache.invalidate(room);
    }
    return delegate.announce(room);
  }

  @Override
  public void feed(ReadCache<RoomKey, ?> cache) {
    caches.add(cache);
    delegate.feed(cache);
  }
}
