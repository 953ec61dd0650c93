package io.roomgate.room;

/** An active room and its presence, read together. */
public record RoomView(RoomRecord room, Presence presence) {
}
