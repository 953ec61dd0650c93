package io.roomgate.store;

import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

/** Track changes on an immutable {@link ParticipantInfo}, shared by both presence stores. */
final class Tracks {
  private Tracks() {
  }

  static ParticipantInfo publish(ParticipantInfo p, TrackInfo track) {
    ParticipantInfo.Builder b = p.toBuilder().clearTracks().setIsPublisher(true);
    for (TrackInfo t : p.getTracksList()) {
      if (!t.getSid().equals(track.getSid())) {
        b.addTracks(t);
      }
    }
    return b.addTracks(track).build();
  }

  static ParticipantInfo unpublish(ParticipantInfo p, String trackSid) {
    ParticipantInfo.Builder b = p.toBuilder().clearTracks();
    for (TrackInfo t : p.getTracksList()) {
      if (!t.getSid().equals(trackSid)) {
        b.addTracks(t);
      }
    }
    return b.setIsPublisher(b.getTracksCount() > 0).build();
  }
}
