package io.roomgate.room;

import io.vertx.core.json.JsonObject;

/**
 * A dialect-neutral patch of an active room; {@code null} leaves a field as it is.
 *
 * @param title           new title (also written to the metadata's {@code room_title}, see {@link RoomService#update})
 * @param maxParticipants new participant cap, 0 = unlimited
 * @param extra           members merged into the room's {@code extra}, one level deep per top-level object member
 */
public record RoomUpdate(String title, Integer maxParticipants, JsonObject extra) {
}
