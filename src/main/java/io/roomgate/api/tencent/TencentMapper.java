package io.roomgate.api.tencent;

import io.roomgate.api.RoomMetadataDefaults;
import io.roomgate.room.CreateRoomCommand;
import io.roomgate.room.RoomPage;
import io.roomgate.room.RoomRecord;
import io.roomgate.room.RoomUpdate;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Translates between Tencent live-room JSON and the neutral room model (one room model, both dialects):
 * {@code RoomName} ⇄ title ({@code room_title}), {@code MaxMemberCount} ⇄ {@code maxParticipants}
 * ({@code max_participants}), {@code CreateTime} ⇄ {@code creationTime} ({@code creation_time}). Fields with no
 * counterpart are kept in the record's {@code extra} under {@value #EXTRA} and returned as given; a room created
 * through plugNmeet shows Tencent's defaults for them.
 */
final class TencentMapper {
  /** The member of {@link RoomRecord#extra()} that holds the Tencent-only fields. */
  static final String EXTRA = "tencent";
  /** Tencent dissolves an empty room after 30 minutes by default (spec/tencent-live-room.md §1, destroy_room). */
  static final int EMPTY_TIMEOUT_SECONDS = 1800;
  static final int DEFAULT_PAGE = 20;

  /** Tencent-only RoomInfo fields, kept in {@code extra} (create_room and update_room_info). */
  private static final List<String> KEPT = List.of("RoomType", "Owner_Account", "CoverURL", "IsMessageDisabled",
      "Category", "IsPublicVisible", "IsSeatEnabled", "TakeSeatMode", "MaxSeatCount", "ActivityStatus",
      "IsUnlimitedRoomEnabled", "SeatLayoutTemplateId", "SeatTemplate", "Notice");

  private final RoomMetadataDefaults metadataDefaults;

  TencentMapper(RoomMetadataDefaults metadataDefaults) {
    this.metadataDefaults = metadataDefaults;
  }

  /** {@code RoomInfo} of create_room; {@code caller} is the default {@code Owner_Account}. */
  CreateRoomCommand createCommand(JsonObject roomInfo, String caller) {
    String roomId = roomInfo.getString("RoomId");
    String name = roomInfo.getString("RoomName", "");
    String title = name.isEmpty() ? roomId : name; // RoomName defaults to RoomId
    JsonObject tencent = kept(roomInfo);
    if (!tencent.containsKey("Owner_Account")) {
      tencent.put("Owner_Account", caller);
    }
    // The same complete metadata a plugNmeet create would store, so plugNmeet clients can read the room.
    JsonObject metadata = metadataDefaults.apply(new JsonObject().put("room_title", title));
    return new CreateRoomCommand(roomId, title, roomInfo.getInteger("MaxMemberCount", 0), EMPTY_TIMEOUT_SECONDS,
        metadata, "", new JsonObject().put(EXTRA, tencent));
  }

  /**
   * {@code RoomInfo} of update_room_info as a patch: absent fields stay as they are. A new {@code RoomName} is also
   * the metadata's {@code room_title} (what LiveKit and plugNmeet clients read), so both move together.
   */
  static RoomUpdate update(JsonObject roomInfo) {
    JsonObject tencent = kept(roomInfo);
    String name = roomInfo.getString("RoomName");
    return new RoomUpdate(name, roomInfo.getInteger("MaxMemberCount"),
        tencent.isEmpty() ? null : new JsonObject().put(EXTRA, tencent),
        name == null ? null : room -> name.equals(room.title()) ? room.metadata() : withTitle(room.metadata(), name));
  }

  private static String withTitle(String metadata, String title) {
    try {
      JsonObject m = metadata.isEmpty() ? new JsonObject() : new JsonObject(metadata);
      return m.put("room_title", title).encode();
    } catch (DecodeException | ClassCastException e) {
      return metadata; // not a JSON object: leave opaque metadata alone
    }
  }

  private static JsonObject kept(JsonObject roomInfo) {
    JsonObject out = new JsonObject();
    for (String field : KEPT) {
      Object v = roomInfo.getValue(field);
      if (v != null) {
        out.put(field, v);
      }
    }
    return out;
  }

  /** get_room_info's {@code RoomInfo}. */
  static JsonObject roomInfo(RoomRecord room) {
    JsonObject t = tencent(room);
    JsonObject info = new JsonObject()
        .put("RoomId", room.roomId())
        .put("RoomName", room.title())
        .put("RoomType", t.getString("RoomType", "Live"))
        .put("Owner_Account", t.getString("Owner_Account", ""))
        .put("CreateTime", room.creationTime())
        .put("IsSeatEnabled", t.getBoolean("IsSeatEnabled", false))
        .put("TakeSeatMode", t.getString("TakeSeatMode", "FreeToTake"))
        .put("MaxSeatCount", t.getInteger("MaxSeatCount", 0))
        .put("MaxMemberCount", room.maxParticipants())
        .put("IsMessageDisabled", t.getBoolean("IsMessageDisabled", false))
        .put("CoverURL", t.getString("CoverURL", ""))
        .put("Category", t.getJsonArray("Category", new JsonArray()))
        .put("ActivityStatus", t.getInteger("ActivityStatus", 0))
        // Entries are counted by LiveKit, not by this gateway: it cannot report them.
        .put("ViewCount", 0)
        .put("IsPublicVisible", publicVisible(room))
        .put("Notice", t.getString("Notice", ""));
    for (String field : List.of("IsUnlimitedRoomEnabled", "SeatLayoutTemplateId", "SeatTemplate")) {
      if (t.containsKey(field)) {
        info.put(field, t.getValue(field));
      }
    }
    return info;
  }

  /** get_room_list's answer. */
  static JsonObject roomList(RoomPage page) {
    JsonArray list = new JsonArray();
    for (RoomRecord room : page.rooms()) {
      JsonObject t = tencent(room);
      list.add(new JsonObject()
          .put("RoomName", room.title())
          .put("RoomId", room.roomId())
          .put("Owner_Account", t.getString("Owner_Account", ""))
          .put("CoverURL", t.getString("CoverURL", ""))
          .put("Category", t.getJsonArray("Category", new JsonArray()))
          .put("CreateTime", room.creationTime())
          .put("ActivityStatus", t.getInteger("ActivityStatus", 0))
          .put("ViewCount", 0));
    }
    return new JsonObject().put("Next", encodeCursor(page.lastRoomId())).put("RoomList", list);
  }

  /** Only rooms that are publicly visible (Tencent's default) are listed. */
  static boolean publicVisible(RoomRecord room) {
    return tencent(room).getBoolean("IsPublicVisible", true);
  }

  private static JsonObject tencent(RoomRecord room) {
    JsonObject t = room.extra().getJsonObject(EXTRA);
    return t == null ? new JsonObject() : t;
  }

  /** The opaque {@code Next} cursor: the last listed room id, base64url; "" when there is no further page. */
  static String encodeCursor(String lastRoomId) {
    return lastRoomId == null ? ""
        : Base64.getUrlEncoder().withoutPadding().encodeToString(lastRoomId.getBytes(StandardCharsets.UTF_8));
  }

  /** The room id a {@code Next} cursor continues after; "" for the first page; {@code null} when it is not ours. */
  static String decodeCursor(String next) {
    if (next == null || next.isEmpty()) {
      return "";
    }
    try {
      return new String(Base64.getUrlDecoder().decode(next), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
