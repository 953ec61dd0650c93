package io.roomgate.room;

/**
 * Identifies one room of one tenant. The same {@code roomId} under two tenants is two rooms.
 */
public record RoomKey(String tenantId, String roomId) {

  /** The room's name in LiveKit: tenant-qualified so that tenants can never collide there either. */
  public String liveKitName() {
    return tenantId + ":" + roomId;
  }
}
