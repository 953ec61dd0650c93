package io.roomgate.room;

import java.util.List;

/** One page of past rooms and the total that matched the query before paging. */
public record PastRoomPage(long total, List<RoomRecord> rooms) {
}
