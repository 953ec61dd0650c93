package io.roomgate.store;

import io.roomgate.room.RoomRecord;

/**
 * The outcome of {@link RoomStore#claimActive}: the room that is active afterwards, and whether this call made it
 * so. Of any number of concurrent claims of one room, on any number of gateway instances, exactly one is
 * {@code created}: the one that may announce the room (e.g. send {@code room_created}).
 */
public record ActiveClaim(RoomRecord room, boolean created) {
}
