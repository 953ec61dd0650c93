package io.roomgate.api.plugnmeet;

import com.fasterxml.jackson.core.JsonGenerator;
import io.roomgate.room.Codec;
import io.roomgate.room.JsonText;
import io.roomgate.room.RoomRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.List;

/**
 * Everything a plugNmeet {@code room_info} shows, and nothing else. It renders two ways with the same bytes:
 * {@link #toJson()} as a part of a larger answer, and {@link #writeTo} streamed by the hot read's answer (which copies
 * the metadata's escaped bytes as the store kept them, {@link JsonText}); a test holds them byte for byte equal. So
 * two equal instances always render equal bytes: that is what lets {@link ActiveRoomAnswerCache} key rendered bytes
 * on these fields instead of tracking when a room changes.
 */
record RoomInfoFields(String sid, String roomId, int maxParticipants, int emptyTimeout, long creationTime,
                      String turnPassword, List<Codec> enabledCodecs, JsonText metadata, String title,
                      boolean running, String webhookUrl, int joinedParticipants) {

  static RoomInfoFields of(RoomRecord room, int joinedParticipants) {
    return new RoomInfoFields(room.sid(), room.roomId(), room.maxParticipants(), room.emptyTimeout(),
        room.creationTime(), room.turnPassword(), room.enabledCodecs(), room.metadataText(), room.title(),
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
        .put("metadata", metadata.value())
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

  /** What {@link #toJson()} encodes to, written to {@code g}; the metadata copied escaped when it was read so. */
  void writeTo(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("sid", sid);
    g.writeStringField("name", roomId);
    g.writeNumberField("max_participants", maxParticipants);
    g.writeNumberField("empty_timeout", emptyTimeout);
    g.writeNumberField("creation_time", creationTime);
    g.writeStringField("turn_password", turnPassword);
    g.writeArrayFieldStart("enabled_codecs");
    for (Codec c : enabledCodecs) {
      g.writeStartObject();
      g.writeStringField("mime", c.mime());
      g.writeStringField("fmtp_line", c.fmtpLine());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("metadata");
    byte[] escaped = metadata.escapedOrNull();
    if (escaped != null) {
      g.writeRawUTF8String(escaped, 0, escaped.length);
    } else {
      g.writeString(metadata.value());
    }
    g.writeStringField("room_title", title);
    g.writeStringField("room_id", roomId);
    g.writeNumberField("joined_participants", joinedParticipants);
    g.writeBooleanField("is_running", running);
    g.writeBooleanField("is_recording", false);
    g.writeBooleanField("is_active_rtmp", false);
    g.writeStringField("webhook_url", webhookUrl);
    g.writeBooleanField("is_breakout_room", false);
    g.writeStringField("parent_room_id", "");
    g.writeEndObject();
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
