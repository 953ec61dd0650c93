package io.roomgate.room;

import java.util.Objects;

/**
 * Identifies one room of one tenant. The same {@code roomId} under two tenants is two rooms.
 *
 * <p>Keys of every per-room map (the read caches, the repair queue, single-flight loads), so {@link #hashCode} spreads
 * them: the record's own {@code 31 * tenant + room} gives sequential ids the same hash ({@code lt3/r57} and
 * {@code lt5/r37} differ by {@code 31 * 2} in both parts), so at 100,000 rooms of 10 tenants up to ten keys shared a
 * hash and {@code ConcurrentHashMap} walked bins of them on every lookup.
 */
public record RoomKey(String tenantId, String roomId) {

  /** The room's name in LiveKit: tenant-qualified so that tenants can never collide there either. */
  public String liveKitName() {
    return tenantId + ":" + roomId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoomKey k && Objects.equals(tenantId, k.tenantId) && Objects.equals(roomId, k.roomId);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(tenantId) * 0x9E3779B1 + Objects.hashCode(roomId); // an odd multiplier far from 31: no shared steps
    return h ^ (h >>> 16);
  }
}
