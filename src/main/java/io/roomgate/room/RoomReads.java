package io.roomgate.room;

import io.vertx.core.Future;

/**
 * The hot read: an active room and its participants at once. On Redis it is one round trip
 * ({@code store.RedisRoomReads}), however the room and its presence are stored; non-blocking everywhere.
 */
public interface RoomReads {

  /** The active room with its presence, or a succeeded future with {@code null} when the room is not active. */
  Future<RoomView> activeWithPresence(RoomKey key);

  /** Two reads, one after the other: for stores in process, where a read costs no round trip. */
  static RoomReads of(RoomStore rooms, PresenceStore presence) {
    return key -> rooms.findActive(key).compose(room -> room == null ? Future.succeededFuture()
        : presence.get(key).map(p -> new RoomView(room, p)));
  }
}
