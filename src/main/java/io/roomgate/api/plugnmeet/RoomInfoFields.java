package io.roomgate.api.plugnmeet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.roomgate.room.Codec;
import io.roomgate.room.JsonText;
import io.roomgate.room.RoomRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.List;

/**
 * Everything a plugNmeet {@code room_info} shows, and nothing else. {@link #writeTo} is the only way to render a
 * {@code room_info} (streamed, the metadata's escaped bytes copied as the store kept them, {@link JsonText}), so two
 * equal instances always render equal bytes: that is what lets {@link ActiveRoomAnswerCache} key rendered bytes on
 * these fields instead of tracking when a room changes. {@link #toJson()} is that rendering read back, for answers
 * built as JSON objects.
 */
record RoomInfoFields(String sid, String roomId, int maxParticipants, int emptyTimeout, long creationTime,
                      String turnPassword, List<Codec> enabledCodecs, JsonText metadata, String title,
                      boolean running, String webhookUrl, int joinedParticipants) {
  /** The generator factory of the plugNmeet answers that are streamed. */
  static final JsonFactory JSON = JsonFactory.builder().build();
  /** The members of an {@code enabled_codecs} entry: LiveKit's {@code Codec} message in proto field names. */
  private static final String MIME = "mime";
  private static final String FMTP_LINE = "fmtp_line";

  static RoomInfoFields of(RoomRecord room, int joinedParticipants) {
    return new RoomInfoFields(room.sid(), room.roomId(), room.maxParticipants(), room.emptyTimeout(),
        room.creationTime(), room.turnPassword(), room.enabledCodecs(), room.metadataText(), room.title(),
        room.active(), room.webhookUrl(), joinedParticipants);
  }

  /** What {@link #writeTo} writes, as a JSON object (it encodes back to the same bytes). */
  JsonObject toJson() {
    ByteArrayBuilder out = new ByteArrayBuilder(2048);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writeTo(g);
    } catch (IOException e) {
      throw new EncodeException(e.getMessage(), e);
    }
    return new JsonObject(Buffer.buffer(out.toByteArray()));
  }

  /**
   * {@code room_info}: the seed-003 LiveKit fields ({@code sid, name, max_participants, ...}) and the active-room
   * fields ({@code room_id, room_title, is_running, ...}) together, so clients of every plugNmeet version can read it.
   */
  void writeTo(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("sid", sid);
    g.writeStringField("name", roomId);
    g.writeNumberField("max_participants", maxParticipants);
    g.writeNumberField("empty_timeout", emptyTimeout);
    g.writeNumberField("creation_time", creationTime);
    g.writeStringField("turn_password", turnPassword);
    g.writeArrayFieldStart("enabled_codecs"); // by hand: as codecs() and encoded, it cost ~40 % of a rendering
    for (Codec c : enabledCodecs) {
      g.writeStartObject();
      g.writeStringField(MIME, c.mime());
      g.writeStringField(FMTP_LINE, c.fmtpLine());
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

  /** LiveKit's {@code enabled_codecs} as a JSON array, for tenant webhook bodies ({@link #writeTo} streams it). */
  static JsonArray codecs(List<Codec> enabledCodecs) {
    JsonArray codecs = new JsonArray();
    for (Codec c : enabledCodecs) {
      codecs.add(new JsonObject().put(MIME, c.mime()).put(FMTP_LINE, c.fmtpLine()));
    }
    return codecs;
  }
}
