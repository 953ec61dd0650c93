package io.roomgate.room;

import io.roomgate.async.SingleFlight;
import io.roomgate.livekit.LiveKitRooms;
import io.vertx.core.Future;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * Answers "who is in this room" from the presence store, which LiveKit's webhooks keep current, and never waits for
 * LiveKit: a room whose last full sync is older than {@code maxAgeMillis}, or that was never synced, is answered as the
 * store has it and handed to the {@link PresenceRepairer}, which syncs it with ListParticipants in the background at
 * most {@code livekit.max_syncs_per_second} times a second. So the read rate never becomes LiveKit's call rate, and a
 * read the store can answer never fails or slows because of LiveKit.
 *
 * <p>It is also the one writer of presence: LiveKit's webhooks ({@link #joined}, {@link #left}, tracks), the full
 * syncs of the repairer ({@link #sync}) and the end of a room ({@link #forget}) all change it through here.
 */
public final class ParticipantDirectory {
  private static final Logger LOG = Logger.getLogger(ParticipantDirectory.class.getName());
  /** Rooms each repair reason may queue: the bound on the repairer's memory. */
  static final int MAX_QUEUED = 100_000;

  private final PresenceStore presence;
  private final LiveKitRooms liveKit;
  private final Clock clock;
  private final long maxAgeMillis;
  private final PresenceRepairer repairer;
  /** Syncs in flight on this node: one ListParticipants per room at a time. */
  private final SingleFlight<RoomKey, List<ParticipantInfo>> syncing = new SingleFlight<>();

  /** With the default {@code livekit.max_syncs_per_second}. */
  public ParticipantDirectory(PresenceStore presence, LiveKitRooms liveKit, Clock clock, long maxAgeMillis) {
    this(presence, liveKit, clock, maxAgeMillis, io.roomgate.config.LiveKitConfig.DEFAULT_MAX_SYNCS_PER_SECOND);
  }

  public ParticipantDirectory(PresenceStore presence, LiveKitRooms liveKit, Clock clock, long maxAgeMillis,
                              int maxSyncsPerSecond) {
    this.presence = presence;
    this.liveKit = liveKit;
    this.clock = clock;
    this.maxAgeMillis = maxAgeMillis;
    this.repairer = new PresenceRepairer(this::sync, liveKit::circuitOpen, clock, maxSyncsPerSecond, MAX_QUEUED);
  }

  /** The hot read over {@code rooms} and this directory's presence (reads only: writes go through this class). */
  RoomReads readsWith(RoomStore rooms) {
    return RoomReads.of(rooms, presence);
  }

  /** The background repairs; a timer must {@link PresenceRepairer#drain} it. */
  public PresenceRepairer repairer() {
    return repairer;
  }

  /** The room's participants as the store has them; a failure is the store's. */
  public Future<List<ParticipantInfo>> participants(RoomKey room) {
    return presence.get(room).map(known -> current(room, known));
  }

  /** The participants of a presence just read, asking for a background repair when one is due. */
  public List<ParticipantInfo> current(RoomKey room, Presence known) {
    if (known.syncedAtMillis() == 0) {
      repairer.request(room, PresenceRepairer.Reason.NEVER_SYNCED);
    } else if (clock.millis() - known.syncedAtMillis() > maxAgeMillis) {
      repairer.request(room, PresenceRepairer.Reason.STALE);
    }
    return known.participants();
  }

  /** Evidence that the room's presence missed an event (e.g. its count disagrees with LiveKit's): repair it first. */
  public void gap(RoomKey room) {
    repairer.request(room, PresenceRepairer.Reason.GAP);
  }

  /** A participant joined (LiveKit's webhook). Answers how many participants the room has now, as stored. */
  public Future<Integer> joined(RoomKey room, ParticipantInfo participant) {
    return presence.join(room, participant);
  }

  /** A participant left (LiveKit's webhook); unknown identities are ignored. Answers how many remain, as stored. */
  public Future<Integer> left(RoomKey room, String identity) {
    return presence.leave(room, identity);
  }

  /** A participant published a track (LiveKit's webhook). */
  public Future<Void> trackPublished(RoomKey room, String identity, TrackInfo track) {
    return presence.publishTrack(room, identity, track);
  }

  /** A participant unpublished a track (LiveKit's webhook). */
  public Future<Void> trackUnpublished(RoomKey room, String identity, String trackSid) {
    return presence.unpublishTrack(room, identity, trackSid);
  }

  /** The room ended: its presence is forgotten. */
  public Future<Void> forget(RoomKey room) {
    return presence.clear(room);
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
