package io.roomgate.room;

import java.util.List;

/**
 * One page of a tenant's active rooms, in room id order.
 *
 * @param rooms       at most the requested count
 * @param lastRoomId  the room id to continue after, or {@code null} when this is the last page
 */
public record RoomPage(List<RoomRecord> rooms, String lastRoomId) {
  public RoomPage {
    rooms = List.copyOf(rooms);
  }
}
