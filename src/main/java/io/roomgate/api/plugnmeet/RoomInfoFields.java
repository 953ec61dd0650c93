package io.roomgate.api.plugnmeet;

import io.roomgate.room.Codec;
import io.roomgate.room.RoomRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Everything a plugNmeet {@code room_info} shows, and nothing else. {@link #toJson()} is the only way to render a
 * {@code room_info}, so two equal instances always render equal bytes: that is what lets {@link ActiveRoomAnswerCache}
 * key rendered bytes on these fields instead of tracking when a room changes.
 */
record RoomInfoFields(String sid, String roomId, int maxParticipants, int emptyTimeout, long creationTime,
                      String turnPassword, List<Codec> enabledCodecs, String metadata, String title,
                      boolean running, String webhookUrl, int joinedParticipants) {

  static RoomInfoFields of(RoomRecord room, int joinedParticipants) {
    return new RoomInfoFields(room.sid(), room.roomId(), room.maxParticipants(), room.emptyTimeout(),
        room.creationTime(), room.turnPassword(), room.enabledCodecs(), room.metadata(), room.title(),
        room.active(), room.webhookUrl(), joinedParticipants);
  }

  /**
   * {@code room_info}: the seed-003 LiveKit fields ({@code sid, name, max_participants, ...}) and the active-room
   * fields ({@code room_id, room_title, is_running, ...}) together, so clients of every plugNmeet version can read it.
   */
  JsonObject toJson() {
    return new JsonObject()
        .put("sid", sid)
        .put("name", roomId)
        .put("max_participants", maxParticipants)
        .put("empty_timeout", emptyTimeout)
        .put("creation_time", creationTime)
        .put("turn_password", turnPassword)
        .put("enabled_codecs", codecs(enabledCodecs))
        .put("metadata", metadata)
        .put("room_title", title)
        .put("room_id", roomId)
        .put("joined_participants", joinedParticipants)
        .put("is_running", running)
        .put("is_recording", false)
        .put("is_active_rtmp", false)
        .put("webhook_url", webhookUrl)
        .put("is_breakout_room", false)
        .put("parent_room_id", "");
  }

  /** LiveKit's {@code enabled_codecs} in proto field names, as room_info and webhook bodies show them. */
  static JsonArray codecs(List<Codec> enabledCodecs) {
    JsonArray codecs = new JsonArray();
    for (Codec c : enabledCodecs) {
      codecs.add(new JsonObject().put("mime", c.mime()).put("fmtp_line", c.fmtpLine()));
    }
    return codecs;
  }
}
