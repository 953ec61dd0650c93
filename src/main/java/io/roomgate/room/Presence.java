package io.roomgate.room;

import livekit.LivekitModels.ParticipantInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Who is in a room, as far as the gateway knows, and when that was last checked against LiveKit in full.
 *
 * @param participants   in join order, as LiveKit reports them
 * @param syncedAtMillis when ListParticipants last replaced the whole list; 0 = never (webhooks only)
 */
public record Presence(List<ParticipantInfo> participants, long syncedAtMillis) {
  public static final Presence UNKNOWN = new Presence(List.of(), 0);
  private static final Comparator<ParticipantInfo> JOIN_ORDER =
      Comparator.comparingLong(ParticipantInfo::getJoinedAtMs).thenComparing(ParticipantInfo::getIdentity);

  /** Participants are kept in join order whatever order they were stored in. */
  public Presence {
    List<ParticipantInfo> sorted = new ArrayList<>(participants);
    sorted.sort(JOIN_ORDER);
    participants = List.copyOf(sorted);
  }
}
