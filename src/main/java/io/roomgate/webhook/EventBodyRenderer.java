package io.roomgate.webhook;

import io.roomgate.room.RoomRecord;
import io.vertx.core.json.JsonObject;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

/**
 * Renders a tenant webhook event's body in a dialect's shape. Handed to {@link Webhooks} by the gateway's wiring
 * (plugNmeet's {@code CommonNotifyEvent} today), so that webhook delivery knows no dialect.
 */
@FunctionalInterface
public interface EventBodyRenderer {

  /**
   * @param participant may be {@code null}
   * @param track       may be {@code null}
   */
  JsonObject body(String event, RoomRecord room, int numParticipants, ParticipantInfo participant, TrackInfo track,
                  long createdAtSeconds);
}
