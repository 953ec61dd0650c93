package io.roomgate.room;

import io.vertx.core.json.JsonObject;

/**
 * A dialect-neutral request to create (or re-use) a room.
 *
 * @param roomId          the tenant's room id, already validated
 * @param title           display title
 * @param maxParticipants 0 = unlimited
 * @param emptyTimeout    seconds; already defaulted by the dialect's rules
 * @param metadata        full room metadata (defaults merged), stored and sent to LiveKit as JSON
 * @param webhookUrl      where the tenant wants room events, or ""
 * @param extra           dialect fields with no counterpart, kept and returned as given
 */
public record CreateRoomCommand(
    String roomId,
    String title,
    int maxParticipants,
    int emptyTimeout,
    JsonObject metadata,
    String webhookUrl,
    JsonObject extra) {
}
