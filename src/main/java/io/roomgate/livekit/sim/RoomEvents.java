package io.roomgate.livekit.sim;

import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;

/** What happens to rooms and participants, as LiveKit reports it in webhooks (spec/livekit-roomservice.md §4). */
interface RoomEvents {
  RoomEvents NONE = new RoomEvents() { };

  default void roomStarted(Room room) {
  }

  default void roomFinished(Room room) {
  }

  default void participantJoined(Room room, ParticipantInfo participant) {
  }

  default void participantLeft(Room room, ParticipantInfo participant) {
  }

  default void trackPublished(Room room, ParticipantInfo participant, TrackInfo track) {
  }

  default void trackUnpublished(Room room, ParticipantInfo participant, TrackInfo track) {
  }
}
