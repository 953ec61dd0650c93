package io.roomgate.api.tencent;

import io.roomgate.room.RoomKey;
import io.vertx.core.Future;

/**
 * Tencent's {@code create_room} rule: the same RoomId may be created at most once per second (100012,
 * spec/tencent-live-room.md §4). A slot is taken per attempt that passed validation, whether or not the room
 * then gets created. {@link LocalCreateRoomThrottle} holds on one node; {@link RedisCreateRoomThrottle} across nodes.
 */
public interface CreateRoomThrottle {
  /** The window in which a RoomId may be created once. */
  long WINDOW_MS = 1000;

  /** {@code true} when this create may go ahead, {@code false} when the RoomId was created less than a second ago. */
  Future<Boolean> tryAcquire(RoomKey room);
}
