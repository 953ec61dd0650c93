package io.roomgate.room;

/**
 * Who wants to join a room.
 *
 * @param userId   becomes the LiveKit identity
 * @param name     display name
 * @param metadata participant metadata as a JSON string, or ""
 * @param admin    moderator rights
 * @param hidden   invisible to other participants
 */
public record JoinCommand(String userId, String name, String metadata, boolean admin, boolean hidden) {
}
