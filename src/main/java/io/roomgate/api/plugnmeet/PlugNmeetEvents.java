package io.roomgate.api.plugnmeet;

import io.roomgate.room.RoomRecord;
import io.vertx.core.json.JsonObject;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

import java.util.UUID;

/**
 * Webhook bodies for tenants in plugNmeet's {@code CommonNotifyEvent} shape (spec/plugnmeet-api.md §6): proto field
 * names, absent parts left out, a fresh {@code id} per event. Numbers stay numbers, as in the rest of the API.
 */
public final class PlugNmeetEvents {
  private PlugNmeetEvents() {
  }

  /**
   * @param participant may be {@code null}
   * @param track       may be {@code null}
   */
  public static JsonObject body(String event, RoomRecord room, int numParticipants, ParticipantInfo participant,
                                TrackInfo track, long createdAtSeconds) {
    JsonObject body = new JsonObject()
        .put("event", event)
        .put("room", new JsonObject()
            .put("sid", room.sid())
            .put("room_id", room.roomId())
            .put("empty_timeout", room.emptyTimeout())
            .put("max_participants", room.maxParticipants())
            .put("creation_time", room.creationTime())
            .put("enabled_codecs", RoomInfoFields.codecs(room.enabledCodecs()))
            .put("metadata", room.metadata())
            .put("num_participants", numParticipants));
    if (participant != null) {
      body.put("participant", PlugNmeetMapper.participant(participant));
    }
    if (track != null) {
      body.put("track", PlugNmeetMapper.track(track));
    }
    return body.put("id", UUID.randomUUID().toString()).put("created_at", createdAtSeconds);
  }
}
