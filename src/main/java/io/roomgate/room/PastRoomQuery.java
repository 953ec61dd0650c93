package io.roomgate.room;

import java.util.List;

/**
 * A page request over a tenant's past (ended) rooms.
 *
 * @param roomIds    only rooms with one of these ids; empty = all
 * @param from       zero-based offset into the ordered result
 * @param limit      page size, 1..100
 * @param descending newest first (by end time) when true
 */
public record PastRoomQuery(List<String> roomIds, int from, int limit, boolean descending) {
  public PastRoomQuery {
    roomIds = roomIds == null ? List.of() : List.copyOf(roomIds);
  }
}
