package io.roomgate.livekit.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code video} claim of a verified token, with LiveKit's permission checks (protocol auth/grants.go,
 * livekit pkg/service/auth.go). A request without a token gets {@link #NONE}, which grants nothing.
 */
final class VideoGrant {
  static final VideoGrant NONE = new VideoGrant(new JsonObject());

  private final JsonObject video;

  private VideoGrant(JsonObject video) {
    this.video = video;
  }

  static VideoGrant of(JsonObject claims) {
    Object video = claims.getValue("video");
    return video instanceof JsonObject object ? new VideoGrant(object) : NONE;
  }

  /** EnsureCreatePermission: CreateRoom, DeleteRoom. */
  void requireCreate() throws TwirpException {
    if (!flag("roomCreate", false)) {
      throw TwirpException.permissionsDenied();
    }
  }

  /** EnsureListPermission: ListRooms. */
  void requireList() throws TwirpException {
    if (!flag("roomList", false)) {
      throw TwirpException.permissionsDenied();
    }
  }

  /** EnsureAdminPermission: roomAdmin and an exact match of the token's room with the request's room. */
  void requireAdmin(String room) throws TwirpException {
    if (!flag("roomAdmin", false) || !room.equals(room())) {
      throw TwirpException.permissionsDenied();
    }
  }

  String room() {
    return text("room");
  }

  /** String grant; missing or mistyped = "". */
  String text(String name) {
    return video.getValue(name) instanceof String value ? value : "";
  }

  /** Boolean grant; a missing or mistyped value counts as the default. */
  boolean flag(String name, boolean defaultValue) {
    return video.getValue(name) instanceof Boolean value ? value : defaultValue;
  }

  JsonArray list(String name) {
    return video.getValue(name) instanceof JsonArray array ? array : new JsonArray();
  }
}
