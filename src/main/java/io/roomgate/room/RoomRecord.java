package io.roomgate.room;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * The dialect-neutral state of one room, as the room store keeps it.
 *
 * @param tenantId         owning tenant
 * @param roomId           the tenant's room id (plugNmeet {@code room_id}, Tencent {@code RoomId})
 * @param sid              LiveKit's room sid ({@code RM_...})
 * @param title            plugNmeet {@code metadata.room_title}, Tencent {@code RoomName}
 * @param maxParticipants  0 = unlimited
 * @param emptyTimeout     seconds LiveKit keeps the room open while nobody joined
 * @param creationTime     unix seconds, as LiveKit reported it
 * @param metadata         the room metadata as a JSON string (plugNmeet {@code RoomMetadata}, defaults merged)
 * @param webhookUrl       {@code metadata.webhook_url}, or ""
 * @param turnPassword     from LiveKit's {@code Room}
 * @param enabledCodecs    from LiveKit's {@code Room}
 * @param extra            dialect fields with no counterpart in the other dialect, kept and returned as given
 * @param endedAt          unix seconds when the room ended; 0 while active
 */
public record RoomRecord(
    String tenantId,
    String roomId,
    String sid,
    String title,
    int maxParticipants,
    int emptyTimeout,
    long creationTime,
    String metadata,
    String webhookUrl,
    String turnPassword,
    List<Codec> enabledCodecs,
    JsonObject extra,
    long endedAt) {

  public RoomRecord {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(roomId, "roomId");
    sid = Objects.requireNonNullElse(sid, "");
    title = Objects.requireNonNullElse(title, "");
    metadata = Objects.requireNonNullElse(metadata, "");
    webhookUrl = Objects.requireNonNullElse(webhookUrl, "");
    turnPassword = Objects.requireNonNullElse(turnPassword, "");
    enabledCodecs = enabledCodecs == null ? List.of() : List.copyOf(enabledCodecs);
    extra = extra == null ? new JsonObject() : extra;
  }

  public RoomKey key() {
    return new RoomKey(tenantId, roomId);
  }

  public boolean active() {
    return endedAt == 0;
  }

  public RoomRecord endedAt(long unixSeconds) {
    return new RoomRecord(tenantId, roomId, sid, title, maxParticipants, emptyTimeout, creationTime, metadata,
        webhookUrl, turnPassword, enabledCodecs, extra, unixSeconds);
  }
}
