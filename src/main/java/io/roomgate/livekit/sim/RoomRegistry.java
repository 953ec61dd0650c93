package io.roomgate.livekit.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import livekit.LivekitModels.Codec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TimedVersion;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.UpdateParticipantRequest;

/**
 * The simulated LiveKit node's rooms and participants. Plain single-threaded state: the verticle only touches it
 * from its own context. Messages are immutable, so updates replace them.
 */
final class RoomRegistry {
  static final int DEFAULT_EMPTY_TIMEOUT = 300;
  static final int DEFAULT_DEPARTURE_TIMEOUT = 20;
  private static final List<Codec> ENABLED_CODECS = List.of(
      codec("audio/opus"), codec("audio/red"), codec("video/VP8"), codec("video/H264"),
      codec("video/VP9"), codec("video/AV1"));

  /** One room and its participants by identity (insertion order = join order). */
  private static final class SimRoom {
    Room room;
    final Map<String, ParticipantInfo> participants = new LinkedHashMap<>();

    SimRoom(Room room) {
      this.room = room;
    }
  }

  private final Map<String, SimRoom> rooms = new LinkedHashMap<>();
  private final RoomEvents events;
  private boolean remoteUnmuteEnabled;

  RoomRegistry() {
    this(RoomEvents.NONE);
  }

  RoomRegistry(RoomEvents events) {
    this.events = events;
  }

  // ---- rooms ----

  /** CreateRoom is an upsert: an existing room keeps its sid, non-zero request fields overwrite. */
  Room createOrUpdate(CreateRoomRequest req) {
    SimRoom existing = rooms.get(req.getName());
    boolean started = existing == null;
    if (started) {
      existing = new SimRoom(newRoom(req.getName()));
      rooms.put(req.getName(), existing);
    }
    Room.Builder b = existing.room.toBuilder();
    if (req.getEmptyTimeout() > 0) {
      b.setEmptyTimeout(req.getEmptyTimeout());
    }
    if (req.getDepartureTimeout() > 0) {
      b.setDepartureTimeout(req.getDepartureTimeout());
    }
    if (req.getMaxParticipants() > 0) {
      b.setMaxParticipants(req.getMaxParticipants());
    }
    if (!req.getMetadata().isEmpty()) {
      b.setMetadata(req.getMetadata());
    }
    existing.room = b.build();
    if (started) {
      events.roomStarted(view(existing)); // LiveKit sends room_started on API CreateRoom too
    }
    return view(existing);
  }

  /** Room that a joining client auto-creates (LiveKit's room.auto_create), with server defaults. */
  Room ensureRoom(String name) {
    SimRoom room = rooms.get(name);
    if (room == null) {
      room = new SimRoom(newRoom(name));
      rooms.put(name, room);
      events.roomStarted(view(room));
    }
    return view(room);
  }

  List<Room> list(List<String> names) {
    List<Room> out = new ArrayList<>();
    if (names.isEmpty()) {
      rooms.values().forEach(r -> out.add(view(r)));
    } else {
      for (String name : names) {
        SimRoom room = rooms.get(name);
        if (room != null) {
          out.add(view(room));
        }
      }
    }
    return out;
  }

  void delete(String name) throws TwirpException {
    SimRoom room = rooms.remove(name);
    if (room == null) {
      throw TwirpException.roomNotFound();
    }
    // everyone is disconnected (ROOM_DELETED), then the room finishes
    for (ParticipantInfo p : room.participants.values()) {
      events.participantLeft(room.room, p.toBuilder().setState(ParticipantInfo.State.DISCONNECTED)
          .setDisconnectReason(livekit.LivekitModels.DisconnectReason.ROOM_DELETED).build());
    }
    events.roomFinished(room.room);
  }

  boolean exists(String name) {
    return rooms.containsKey(name);
  }

  Room updateMetadata(String name, String metadata) throws TwirpException {
    SimRoom room = room(name);
    room.room = room.room.toBuilder().setMetadata(metadata).setVersion(now()).build();
    return view(room);
  }

  void clear() {
    for (String name : List.copyOf(rooms.keySet())) {
      try {
        delete(name);
      } catch (TwirpException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  boolean remoteUnmuteEnabled() {
    return remoteUnmuteEnabled;
  }

  void setRemoteUnmuteEnabled(boolean enabled) {
    remoteUnmuteEnabled = enabled;
  }

  // ---- participants ----

  /** Unknown rooms have no participants; LiveKit answers with an empty list there, not an error. */
  List<ParticipantInfo> participants(String room) {
    SimRoom r = rooms.get(room);
    return r == null ? List.of() : List.copyOf(r.participants.values());
  }

  ParticipantInfo participant(String room, String identity) throws TwirpException {
    SimRoom r = rooms.get(room);
    ParticipantInfo p = r == null ? null : r.participants.get(identity);
    if (p == null) {
      throw TwirpException.participantNotFound();
    }
    return p;
  }

  /**
   * Adds an ACTIVE participant. A participant with the same identity is replaced, as LiveKit disconnects the
   * older session with DUPLICATE_IDENTITY. A full room refuses newcomers.
   */
  ParticipantInfo join(String room, ParticipantInfo participant) throws TwirpException {
    SimRoom r = room(room);
    int max = r.room.getMaxParticipants();
    if (max > 0 && r.participants.size() >= max && !r.participants.containsKey(participant.getIdentity())) {
      throw TwirpException.domain("resource_exhausted", "room has exceeded its max participants");
    }
    ParticipantInfo replaced = r.participants.put(participant.getIdentity(), participant);
    if (replaced != null) {
      events.participantLeft(view(r), replaced.toBuilder().setState(ParticipantInfo.State.DISCONNECTED)
          .setDisconnectReason(livekit.LivekitModels.DisconnectReason.DUPLICATE_IDENTITY).build());
    }
    events.participantJoined(view(r), participant);
    return participant;
  }

  void removeParticipant(String room, String identity) throws TwirpException {
    SimRoom r = rooms.get(room);
    ParticipantInfo gone = r == null ? null : r.participants.remove(identity);
    if (gone == null) {
      throw TwirpException.participantNotFound();
    }
    events.participantLeft(view(r), gone.toBuilder().setState(ParticipantInfo.State.DISCONNECTED).build());
  }

  /** Empty metadata/name = unchanged; a present permission replaces the whole set; attribute "" deletes the key. */
  ParticipantInfo updateParticipant(UpdateParticipantRequest req) throws TwirpException {
    ParticipantInfo current = participant(req.getRoom(), req.getIdentity());
    ParticipantInfo.Builder b = current.toBuilder();
    if (!req.getMetadata().isEmpty()) {
      b.setMetadata(req.getMetadata());
    }
    if (!req.getName().isEmpty()) {
      b.setName(req.getName());
    }
    if (req.hasPermission()) {
      b.setPermission(req.getPermission());
    }
    req.getAttributesMap().forEach((key, value) -> {
      if (value.isEmpty()) {
        b.removeAttributes(key);
      } else {
        b.putAttributes(key, value);
      }
    });
    return store(req.getRoom(), b.setVersion(current.getVersion() + 1).build());
  }

  /** Adds a fake published track; the participant becomes a publisher. */
  TrackInfo publishTrack(String room, String identity, TrackInfo track) throws TwirpException {
    ParticipantInfo current = participant(room, identity);
    ParticipantInfo updated = store(room, current.toBuilder()
        .addTracks(track)
        .setIsPublisher(true)
        .setVersion(current.getVersion() + 1)
        .build());
    events.trackPublished(view(rooms.get(room)), updated, track);
    return track;
  }

  /** Removes a published track. */
  void unpublishTrack(String room, String identity, String trackSid) throws TwirpException {
    ParticipantInfo current = participant(room, identity);
    for (int i = 0; i < current.getTracksCount(); i++) {
      TrackInfo track = current.getTracks(i);
      if (track.getSid().equals(trackSid)) {
        ParticipantInfo updated = store(room, current.toBuilder().removeTracks(i)
            .setVersion(current.getVersion() + 1).build());
        events.trackUnpublished(view(rooms.get(room)), updated, track);
        return;
      }
    }
    throw TwirpException.domain("not_found", "track is not found");
  }

  TrackInfo setTrackMuted(String room, String identity, String trackSid, boolean muted) throws TwirpException {
    ParticipantInfo current = participant(room, identity);
    for (int i = 0; i < current.getTracksCount(); i++) {
      TrackInfo track = current.getTracks(i);
      if (track.getSid().equals(trackSid)) {
        TrackInfo updated = track.toBuilder().setMuted(muted).setVersion(now()).build();
        store(room, current.toBuilder().setTracks(i, updated).setVersion(current.getVersion() + 1).build());
        return updated;
      }
    }
    throw TwirpException.domain("not_found", "track is not found");
  }

  // ---- helpers ----

  private ParticipantInfo store(String room, ParticipantInfo participant) {
    rooms.get(room).participants.put(participant.getIdentity(), participant);
    return participant;
  }

  private SimRoom room(String name) throws TwirpException {
    SimRoom room = rooms.get(name);
    if (room == null) {
      throw TwirpException.roomNotFound();
    }
    return room;
  }

  /** Counts are derived on read so they can never drift from the participant map. */
  private static Room view(SimRoom r) {
    int publishers = 0;
    for (ParticipantInfo p : r.participants.values()) {
      if (p.getIsPublisher()) {
        publishers++;
      }
    }
    return r.room.toBuilder()
        .setNumParticipants(r.participants.size())
        .setNumPublishers(publishers)
        .build();
  }

  private static Room newRoom(String name) {
    long nowMs = System.currentTimeMillis();
    return Room.newBuilder()
        .setSid(Ids.room())
        .setName(name)
        .setEmptyTimeout(DEFAULT_EMPTY_TIMEOUT)
        .setDepartureTimeout(DEFAULT_DEPARTURE_TIMEOUT)
        .setCreationTime(nowMs / 1000)
        .setCreationTimeMs(nowMs)
        .setTurnPassword(Ids.turnPassword())
        .addAllEnabledCodecs(ENABLED_CODECS)
        .setVersion(now())
        .build();
  }

  static TimedVersion now() {
    Instant now = Instant.now();
    return TimedVersion.newBuilder()
        .setUnixMicro(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000)
        .build();
  }

  private static Codec codec(String mime) {
    return Codec.newBuilder().setMime(mime).build();
  }
}
