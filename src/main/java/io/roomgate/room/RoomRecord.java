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
 * @param metadataText     the room metadata, a JSON document as a string (plugNmeet {@code RoomMetadata}, defaults
 *                         merged); {@link #metadata()} is the string
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
    JsonText metadataText,
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
    metadataText = Objects.requireNonNullElse(metadataText, JsonText.EMPTY);
    webhookUrl = Objects.requireNonNullElse(webhookUrl, "");
    turnPassword = Objects.requireNonNullElse(turnPassword, "");
    enabledCodecs = enabledCodecs == null ? List.of() : List.copyOf(enabledCodecs);
    extra = extra == null ? new JsonObject() : extra;
  }

  public RoomRecord(String tenantId, String roomId, String sid, String title, int maxParticipants, int emptyTimeout,
                    long creationTime, String metadata, String webhookUrl, String turnPassword,
                    List<Codec> enabledCodecs, JsonObject extra, long endedAt) {
    this(tenantId, roomId, sid, title, maxParticipants, emptyTimeout, creationTime, JsonText.of(metadata), webhookUrl,
        turnPassword, enabledCodecs, extra, endedAt);
  }

  /** The room metadata as a JSON string. */
  public String metadata() {
    return metadataText.value();
  }

  public RoomKey key() {
    return new RoomKey(tenantId, roomId);
  }

  public boolean active() {
    return endedAt == 0;
  }

  public RoomRecord endedAt(long unixSeconds) {
    return new RoomRecord(tenantId, roomId, sid, title, maxParticipants, emptyTimeout, creationTime, metadataText,
        webhookUrl, turnPassword, enabledCodecs, extra, unixSeconds);
  }
}
