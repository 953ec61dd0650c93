package io.roomgate.store;

import io.roomgate.room.RoomKey;
import io.vertx.core.Future;

/**
 * How the node-local read caches learn that a room changed anywhere: every write to a room's state or presence is
 * announced, and every gateway instance drops its copies of that room when the announcement reaches it.
 */
public interface RoomInvalidations {

  /**
   * Tells every instance, this one included, that {@code room} changed. Completes once the message is handed to
   * every instance's connection (or failed to be; it never fails: the write it follows has happened).
   */
  Future<Void> announce(RoomKey room);

  /** Keeps {@code cache} fed: drops rooms as announcements arrive, and suspends it while they cannot arrive. */
  void feed(ReadCache<RoomKey, ?> cache);
}
