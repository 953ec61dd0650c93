package io.roomgate.room;

import io.roomgate.async.SingleFlight;
import io.roomgate.livekit.LiveKitClient;
import io.roomgate.store.Presence;
import io.roomgate.store.PresenceStore;
import io.vertx.core.Future;
import livekit.LivekitModels.ParticipantInfo;

import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * Answers "who is in this room" from the presence store, which LiveKit's webhooks keep current, and calls LiveKit's
 * ListParticipants only when the room's last full sync is older than {@code maxAgeMillis}. That bounds staleness when
 * webhooks are missed, and costs at most one LiveKit call per room per {@code maxAgeMillis}, whatever the read rate.
 *
 * <p>While LiveKit is unavailable (its circuit breaker is open, or the sync fails) a stale room is answered from the
 * presence store as it is, the way webhooks last left it: a read the store can answer never fails because of LiveKit.
 * Only when the presence store itself fails is LiveKit the answer, and then its failure is the read's.
 */
public final class ParticipantDirectory {
  private static final Logger LOG = Logger.getLogger(ParticipantDirectory.class.getName());

  private final PresenceStore presence;
  private final LiveKitClient liveKit;
  private final Clock clock;
  private final long maxAgeMillis;
  /** Syncs in flight on this node: concurrent stale reads of one room share one ListParticipants. */
  private final SingleFlight<RoomKey, List<ParticipantInfo>> syncing = new SingleFlight<>();

  public ParticipantDirectory(PresenceStore presence, LiveKitClient liveKit, Clock clock, long maxAgeMillis) {
    this.presence = presence;
    this.liveKit = liveKit;
    this.clock = clock;
    this.maxAgeMillis = maxAgeMillis;
  }

  public PresenceStore presence() {
    return presence;
  }

  public Future<List<ParticipantInfo>> participants(RoomKey room) {
    return presence.get(room).transform(ar -> {
      if (ar.failed()) {
        // the presence store is down: LiveKit still knows
        LOG.warning("presence store failed, asking LiveKit: " + ar.cause().getMessage());
        return liveKit.listParticipants(room.liveKitName());
      }
      Presence known = ar.result();
      if (clock.millis() - known.syncedAtMillis() <= maxAgeMillis || liveKit.circuitOpen()) {
        return Future.succeededFuture(known.participants());
      }
      // LiveKit failed (it is down, slow, or the breaker opened meanwhile): the store's presence is still an answer
      return sync(room).recover(e -> Future.succeededFuture(known.participants()));
    });
  }

  /** Replaces the room's presence with what LiveKit reports now. */
  public Future<List<ParticipantInfo>> sync(RoomKey room) {
    return syncing.run(room, this::fetch);
  }

  private Future<List<ParticipantInfo>> fetch(RoomKey room) {
    long startedAt = clock.millis();
    return liveKit.listParticipants(room.liveKitName()).compose(list -> presence.replace(room, list, startedAt)
        .transform(stored -> {
          if (stored.failed()) {
            LOG.warning("could not store presence of " + room + ": " + stored.cause().getMessage());
          }
          return Future.succeededFuture(list);
        }));
  }
}
