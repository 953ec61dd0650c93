package io.roomgate.room;

import io.vertx.core.Future;

import java.util.List;

/**
 * Where room state lives: in process ({@code store.InMemoryRoomStore}) or in Redis ({@code store.RedisRoomStore}).
 * Every method is non-blocking and every operation on one room is atomic. Tenants never see each
 * other's rooms: every lookup is scoped by tenant.
 */
public interface RoomStore {

  /** The active room, or a succeeded future with {@code null} when there is none. */
  Future<RoomRecord> findActive(RoomKey key);

  /** All active rooms of one tenant, in no particular order. */
  Future<List<RoomRecord>> listActive(String tenantId);

  /** The {@code maxActiveRooms} of {@link #claimActive(RoomRecord, int)} that never refuses. */
  int UNLIMITED = Integer.MAX_VALUE;

  /** How many rooms the tenant has active now. */
  Future<Integer> countActive(String tenantId);

  /**
   * Stores {@code room} as active unless an active room with the same key already exists. Returns the room that is
   * active afterwards ({@code room} itself, or the one that won) and whether this call stored it.
   *
   * <p>A room that is not active yet is only stored while the tenant has fewer than {@code maxActiveRooms} active
   * rooms; otherwise nothing changes and the claim is {@link ActiveClaim#limitReached()}. The check and the store
   * are one atomic step (one script on Redis, under the tenant's hash tag), so concurrent claims on any number of
   * gateway instances never take a tenant past its limit. An already active room is returned whatever the count.
   */
  Future<ActiveClaim> claimActive(RoomRecord room, int maxActiveRooms);

  /** {@link #claimActive(RoomRecord, int)} without a limit. */
  default Future<ActiveClaim> claimActive(RoomRecord room) {
    return claimActive(room, UNLIMITED);
  }

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
