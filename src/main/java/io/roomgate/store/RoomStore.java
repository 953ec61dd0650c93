package io.roomgate.store;

import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.vertx.core.Future;

import java.util.List;

/**
 * Where room state lives: in process ({@link InMemoryRoomStore}) or in Redis ({@link RedisRoomStore}).
 * Every method is non-blocking and every operation on one room is atomic. Tenants never see each
 * other's rooms: every lookup is scoped by tenant.
 */
public interface RoomStore {

  /** The active room, or a succeeded future with {@code null} when there is none. */
  Future<RoomRecord> findActive(RoomKey key);

  /** All active rooms of one tenant, in no particular order. */
  Future<List<RoomRecord>> listActive(String tenantId);

  /**
   * Stores {@code room} as active unless an active room with the same key already exists. Returns the room that is
   * active afterwards ({@code room} itself, or the one that won) and whether this call stored it.
   */
  Future<ActiveClaim> claimActive(RoomRecord room);

  /** {@link #claimActive}, when only the room that is active afterwards matters. */
  default Future<RoomRecord> putActiveIfAbsent(RoomRecord room) {
    return claimActive(room).map(ActiveClaim::room);
  }

  /**
   * Replaces an active room's record (same key), e.g. after a metadata update.
   * Returns {@code null} when the room is not active.
   */
  Future<RoomRecord> replaceActive(RoomRecord room);

  /**
   * Ends the active room: removes it from the active set and adds it, stamped with {@code endedAt},
   * to the tenant's past rooms, in one atomic step. Returns the ended record, or {@code null} when no
   * such room was active.
   */
  Future<RoomRecord> end(RoomKey key, long endedAtUnixSeconds);

  /** Pages the tenant's past rooms, ordered by end time. */
  Future<PastRoomPage> pastRooms(String tenantId, PastRoomQuery query);

  /** Releases connections. */
  Future<Void> close();
}
