package io.roomgate.webhook;

import io.roomgate.room.ParticipantDirectory;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.roomgate.room.RoomService;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.core.Future;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * Applies one verified LiveKit webhook to the gateway's state and tells the tenant: participants join and leave the
 * room's presence, tracks come and go on them, and a room LiveKit finished ends here too. Events for rooms the gateway
 * does not manage (names that are not {@code <tenant>:<room_id>} of a configured tenant, or not active) are ignored.
 */
final class LiveKitEventApplier {
  private final TenantRegistry tenants;
  private final RoomService rooms;
  private final ParticipantDirectory participants;
  private final TenantWebhooks webhooks;

  LiveKitEventApplier(TenantRegistry tenants, RoomService rooms, ParticipantDirectory participants,
                      TenantWebhooks webhooks) {
    this.tenants = tenants;
    this.rooms = rooms;
    this.participants = participants;
    this.webhooks = webhooks;
  }

  Future<Void> apply(WebhookEvent event) {
    RoomKey key = roomKey(event.getRoom().getName());
    if (key == null) {
      return Future.succeededFuture();
    }
    if (event.getEvent().equals("room_finished")) {
      // ending publishes room_finished through the room lifecycle, once, whoever ends it
      return rooms.finishedInLiveKit(key, event.getRoom().getSid()).mapEmpty();
    }
    return rooms.findActive(key).compose(room -> {
      if (room == null || (!event.getRoom().getSid().isEmpty() && !event.getRoom().getSid().equals(room.sid()))) {
        return Future.succeededFuture(); // not ours, or an older session of the room
      }
      ParticipantInfo p = event.getParticipant();
      int count = event.getRoom().getNumParticipants();
      return switch (event.getEvent()) {
        // room_started went out with room_created (TenantWebhooks#roomCreated)
        // a join leaves at least one participant: a count of 0 is one the event did not report
        case "participant_joined" -> participants.joined(key, p).map(known -> count == 0 ? null : checkCount(key, known, count))
            .compose(v -> webhooks.publish("participant_joined", room, count, p, null));
        case "participant_left" -> participants.left(key, p.getIdentity()).map(known -> checkCount(key, known, count))
            .compose(v -> webhooks.publish("participant_left", room, count, p, null));
        case "track_published" -> participants.trackPublished(key, p.getIdentity(), event.getTrack())
            .compose(v -> webhooks.publish("track_published", room, count, p, event.getTrack()));
        case "track_unpublished" -> participants.trackUnpublished(key, p.getIdentity(), event.getTrack().getSid())
            .compose(v -> webhooks.publish("track_unpublished", room, count, p, event.getTrack()));
        default -> Future.succeededFuture();
      };
    });
  }

  /**
   * LiveKit's count in the event is the room's count after it; a store that disagrees after applying it missed an
   * event (or got this one out of order): the room's presence is repaired first (see PresenceRepairer).
   */
  private Void checkCount(RoomKey key, int known, int liveKitCount) {
    if (known != liveKitCount) {
      rooms.presenceGap(key);
    }
    return null;
  }

  /** {@code <tenant>:<room_id>} of a configured tenant, else {@code null}. */
  private RoomKey roomKey(String liveKitName) {
    int colon = liveKitName.indexOf(':');
    if (colon <= 0 || colon == liveKitName.length() - 1) {
      return null;
    }
    String tenant = liveKitName.substring(0, colon);
    return tenants.byId(tenant) == null ? null : new RoomKey(tenant, liveKitName.substring(colon + 1));
  }

}
