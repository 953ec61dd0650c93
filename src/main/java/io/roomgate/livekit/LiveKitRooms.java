package io.roomgate.livekit;

import io.vertx.core.Future;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;

import java.util.List;

/**
 * The LiveKit RoomService calls the room logic makes: {@link LiveKitClient} over Twirp, or an in-process fake in a
 * test. Every method is non-blocking; a failed call fails with a {@link LiveKitException}.
 */
public interface LiveKitRooms {

  /** CreateRoom: an upsert of the room named in the request. */
  Future<Room> createRoom(CreateRoomRequest request);

  Future<Void> deleteRoom(String room);

  /** The rooms named, or every room when {@code names} is empty. */
  Future<List<Room>> listRooms(List<String> names);

  Future<List<ParticipantInfo>> listParticipants(String room);

  Future<Room> updateRoomMetadata(String room, String metadata);

  /** True while calls fail fast because LiveKit is away (the circuit breaker is open). */
  boolean circuitOpen();

  /** Signs the join tokens clients take to LiveKit. */
  LiveKitTokens tokens();
}
