package io.roomgate.room;

import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * A dialect-neutral patch of an active room; {@code null} leaves a field as it is.
 *
 * @param title           new title
 * @param maxParticipants new participant cap, 0 = unlimited
 * @param extra           members merged into the room's {@code extra}, one level deep per top-level object member
 * @param metadata        the room's new metadata, made from the active record by the dialect that knows its layout
 *                        (e.g. the title it carries); sent to LiveKit when it differs
 */
public record RoomUpdate(String title, Integer maxParticipants, JsonObject extra,
                         Function<RoomRecord, String> metadata) {
}
