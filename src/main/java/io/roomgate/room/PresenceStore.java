package io.roomgate.room;

import io.vertx.core.Future;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

import java.util.List;

/**
 * The participants of active rooms, fed by LiveKit's webhooks and repaired by full ListParticipants syncs, so that
 * reads are served without a LiveKit call per request. In process ({@code store.InMemoryPresenceStore}) or in Redis
 * ({@code store.RedisPresenceStore}); every method is non-blocking.
 */
public interface PresenceStore {

  /** The room's presence; {@link Presence#UNKNOWN} when nothing is known. */
  Future<Presence> get(RoomKey room);

  /**
   * Adds or replaces one participant (by identity). Answers how many participants the room has afterwards, for the
   * caller to compare with LiveKit's count (a disagreement is evidence of a missed event).
   */
  Future<Integer> join(RoomKey room, ParticipantInfo participant);

  /** Removes one participant; unknown identities are ignored. Answers how many participants remain. */
  Future<Integer> leave(RoomKey room, String identity);

  /** Adds a track to a known participant (by track sid, replacing one with the same sid). */
  Future<Void> publishTrack(RoomKey room, String identity, TrackInfo track);

  /** Removes a track from a known participant. */
  Future<Void> unpublishTrack(RoomKey room, String identity, String trackSid);

  /** Replaces the whole list after a full sync with LiveKit, stamping {@code syncedAtMillis}. */
  Future<Void> replace(RoomKey room, List<ParticipantInfo> participants, long syncedAtMillis);

  /** Forgets the room (it ended). */
  Future<Void> clear(RoomKey room);
}
