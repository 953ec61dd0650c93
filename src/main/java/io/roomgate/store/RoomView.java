package io.roomgate.store;

import io.roomgate.room.RoomRecord;

/** An active room and its presence, read together. */
public record RoomView(RoomRecord room, Presence presence) {
}
