package io.roomgate.api.plugnmeet;

import io.roomgate.api.RoomMetadataDefaults;
import io.roomgate.room.ActiveRoom;
import io.roomgate.room.CreateRoomCommand;
import io.roomgate.room.JoinCommand;
import io.roomgate.room.RoomRecord;
import io.roomgate.room.PastRoomPage;
import io.roomgate.room.PastRoomQuery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.TrackInfo;

import java.time.Instant;
import java.util.List;

/**
 * Translates between plugNmeet JSON and the neutral room model. Types follow the seeds where they disagree with the
 * newest server (DESIGN.md): {@code is_running} is a boolean, {@code creation_time}, {@code joined_participants} and
 * {@code joined_at} are numbers.
 */
final class PlugNmeetMapper {
  /** plugNmeet: an empty timeout under two minutes is replaced by 30 minutes (spec/plugnmeet-api.md §4). */
  static final int MIN_EMPTY_TIMEOUT = 120;
  static final int DEFAULT_EMPTY_TIMEOUT = 1800;
  static final int DEFAULT_PAGE = 20;

  private final RoomMetadataDefaults defaults;

  PlugNmeetMapper(RoomMetadataDefaults defaults) {
    this.defaults = defaults;
  }

  CreateRoomCommand createCommand(JsonObject body) {
    JsonObject metadata = defaults.apply(body.getJsonObject("metadata"));
    long emptyTimeout = body.getLong("empty_timeout", 0L);
    return new CreateRoomCommand(
        body.getString("room_id"),
        metadata.getString("room_title", ""),
        body.getLong("max_participants", 0L).intValue(),
        emptyTimeout < MIN_EMPTY_TIMEOUT ? DEFAULT_EMPTY_TIMEOUT : (int) emptyTimeout,
        metadata,
        metadata.getString("webhook_url", ""),
        null);
  }

  static JoinCommand joinCommand(JsonObject body) {
    JsonObject user = body.getJsonObject("user_info");
    boolean admin = user.getBoolean("is_admin", false);
    boolean hidden = user.getBoolean("is_hidden", false);
    JsonObject metadata = user.getJsonObject("user_metadata", new JsonObject()).copy()
        .put("is_admin", admin)
        .put("is_hidden", hidden);
    return new JoinCommand(user.getString("user_id"), user.getString("name"), metadata.encode(), admin, hidden);
  }

  static PastRoomQuery pastRoomQuery(JsonObject body) {
    JsonArray ids = body.getJsonArray("room_ids", new JsonArray());
    List<String> roomIds = ids.stream().map(String::valueOf).toList();
    int limit = body.getInteger("limit", 0);
    return new PastRoomQuery(roomIds, body.getInteger("from", 0), limit <= 0 ? DEFAULT_PAGE : limit,
        !"ASC".equalsIgnoreCase(body.getString("order_by", "DESC")));
  }

  /** {@code room_info} (see {@link RoomInfoFields#toJson()}). */
  static JsonObject roomInfo(RoomRecord room, int joinedParticipants) {
    return RoomInfoFields.of(room, joinedParticipants).toJson();
  }

  static JsonObject room(ActiveRoom active) {
    return new JsonObject()
        .put("room_info", roomInfo(active.room(), active.participants().size()))
        .put("participants_info", participants(active));
  }

  static JsonArray participants(ActiveRoom active) {
    JsonArray participants = new JsonArray();
    active.participants().forEach(p -> participants.add(participant(p)));
    return participants;
  }

  /** A LiveKit {@code ParticipantInfo} in seed 000's shape, proto field names, numbers as numbers. */
  static JsonObject participant(ParticipantInfo p) {
    JsonArray tracks = new JsonArray();
    for (TrackInfo t : p.getTracksList()) {
      tracks.add(track(t));
    }
    return new JsonObject()
        .put("sid", p.getSid())
        .put("identity", p.getIdentity())
        .put("state", p.getState().name())
        .put("tracks", tracks)
        .put("metadata", p.getMetadata())
        .put("joined_at", p.getJoinedAt())
        .put("joined_at_ms", p.getJoinedAtMs())
        .put("name", p.getName())
        .put("version", p.getVersion())
        .put("permission", permission(p.getPermission()))
        .put("region", p.getRegion())
        .put("is_publisher", p.getIsPublisher())
        .put("kind", p.getKind().name())
        .put("attributes", new JsonObject(new java.util.HashMap<>(p.getAttributesMap())));
  }

  static JsonObject track(TrackInfo t) {
    return new JsonObject()
        .put("sid", t.getSid())
        .put("type", t.getType().name())
        .put("name", t.getName())
        .put("muted", t.getMuted())
        .put("source", t.getSource().name())
        .put("mime_type", t.getMimeType());
  }

  private static JsonObject permission(ParticipantPermission perm) {
    JsonArray sources = new JsonArray();
    perm.getCanPublishSourcesList().forEach(s -> sources.add(s.name()));
    return new JsonObject()
        .put("can_subscribe", perm.getCanSubscribe())
        .put("can_publish", perm.getCanPublish())
        .put("can_publish_data", perm.getCanPublishData())
        .put("can_publish_sources", sources)
        .put("hidden", perm.getHidden())
        .put("recorder", perm.getRecorder())
        .put("can_update_metadata", perm.getCanUpdateMetadata())
        .put("agent", perm.getAgent());
  }

  static JsonObject pastRooms(PastRoomPage page, PastRoomQuery query) {
    JsonArray rooms = new JsonArray();
    for (RoomRecord r : page.rooms()) {
      rooms.add(new JsonObject()
          .put("room_title", r.title())
          .put("room_id", r.roomId())
          .put("room_sid", r.sid())
          .put("joined_participants", 0)
          .put("webhook_url", r.webhookUrl())
          .put("created", Instant.ofEpochSecond(r.creationTime()).toString())
          .put("ended", Instant.ofEpochSecond(r.endedAt()).toString())
          .put("analytics_file_id", ""));
    }
    return new JsonObject()
        .put("total_rooms", page.total())
        .put("from", query.from())
        .put("limit", query.limit())
        .put("order_by", query.descending() ? "DESC" : "ASC")
        .put("rooms_list", rooms);
  }
}
