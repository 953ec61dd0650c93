package io.roomgate.livekit.sim;

import com.google.protobuf.Message;
import java.util.LinkedHashMap;
import java.util.Map;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.DeleteRoomRequest;
import livekit.LivekitRoom.DeleteRoomResponse;
import livekit.LivekitRoom.ForwardParticipantRequest;
import livekit.LivekitRoom.ListParticipantsRequest;
import livekit.LivekitRoom.ListParticipantsResponse;
import livekit.LivekitRoom.ListRoomsRequest;
import livekit.LivekitRoom.ListRoomsResponse;
import livekit.LivekitRoom.MoveParticipantRequest;
import livekit.LivekitRoom.MuteRoomTrackRequest;
import livekit.LivekitRoom.MuteRoomTrackResponse;
import livekit.LivekitRoom.PerformRpcRequest;
import livekit.LivekitRoom.RemoveParticipantResponse;
import livekit.LivekitRoom.RoomParticipantIdentity;
import livekit.LivekitRoom.SendDataRequest;
import livekit.LivekitRoom.SendDataResponse;
import livekit.LivekitRoom.UpdateParticipantRequest;
import livekit.LivekitRoom.UpdateRoomMetadataRequest;
import livekit.LivekitRoom.UpdateSubscriptionsRequest;
import livekit.LivekitRoom.UpdateSubscriptionsResponse;

/**
 * The RoomService methods: for each, the request type, the grant it needs and what it does to the registry.
 * Checks run in LiveKit's order (livekit pkg/service/roomservice.go): size limits, then grants, then state.
 */
final class RoomServiceMethods {
  /** One RPC; {@code prototype} tells the codec which request message to decode. */
  record Method<Q extends Message>(Q prototype, Handler<Q> handler) {
    Message invoke(Message request, VideoGrant grant) throws TwirpException {
      @SuppressWarnings("unchecked")
      Q typed = (Q) request;
      return handler.handle(typed, grant);
    }
  }

  @FunctionalInterface
  interface Handler<Q extends Message> {
    Message handle(Q request, VideoGrant grant) throws TwirpException;
  }

  private final RoomRegistry registry;
  private final Map<String, Method<?>> methods = new LinkedHashMap<>();

  RoomServiceMethods(RoomRegistry registry) {
    this.registry = registry;
    add("CreateRoom", CreateRoomRequest.getDefaultInstance(), this::createRoom);
    add("ListRooms", ListRoomsRequest.getDefaultInstance(), this::listRooms);
    add("DeleteRoom", DeleteRoomRequest.getDefaultInstance(), this::deleteRoom);
    add("ListParticipants", ListParticipantsRequest.getDefaultInstance(), this::listParticipants);
    add("GetParticipant", RoomParticipantIdentity.getDefaultInstance(), this::getParticipant);
    add("RemoveParticipant", RoomParticipantIdentity.getDefaultInstance(), this::removeParticipant);
    add("MutePublishedTrack", MuteRoomTrackRequest.getDefaultInstance(), this::mutePublishedTrack);
    add("UpdateParticipant", UpdateParticipantRequest.getDefaultInstance(), this::updateParticipant);
    add("UpdateSubscriptions", UpdateSubscriptionsRequest.getDefaultInstance(), this::updateSubscriptions);
    add("SendData", SendDataRequest.getDefaultInstance(), this::sendData);
    add("UpdateRoomMetadata", UpdateRoomMetadataRequest.getDefaultInstance(), this::updateRoomMetadata);
    add("ForwardParticipant", ForwardParticipantRequest.getDefaultInstance(),
        (req, grant) -> cloudOnly(req.getRoom(), req.getDestinationRoom(), grant));
    add("MoveParticipant", MoveParticipantRequest.getDefaultInstance(),
        (req, grant) -> cloudOnly(req.getRoom(), req.getDestinationRoom(), grant));
    add("PerformRpc", PerformRpcRequest.getDefaultInstance(), this::performRpc);
  }

  /** null when LiveKit's RoomService has no such method. */
  Method<?> find(String name) {
    return methods.get(name);
  }

  private <Q extends Message> void add(String name, Q prototype, Handler<Q> handler) {
    methods.put(name, new Method<>(prototype, handler));
  }

  private Message createRoom(CreateRoomRequest req, VideoGrant grant) throws TwirpException {
    Limits.roomName(req.getName());
    Limits.metadata(req.getMetadata());
    grant.requireCreate();
    if (req.hasEgress()) {
      // Auto-egress needs Redis-backed egress in LiveKit; the simulator has neither.
      throw TwirpException.domain("internal", "egress not connected (redis required)");
    }
    return registry.createOrUpdate(req);
  }

  private Message listRooms(ListRoomsRequest req, VideoGrant grant) throws TwirpException {
    grant.requireList();
    return ListRoomsResponse.newBuilder().addAllRooms(registry.list(req.getNamesList())).build();
  }

  private Message deleteRoom(DeleteRoomRequest req, VideoGrant grant) throws TwirpException {
    grant.requireCreate();
    registry.delete(req.getRoom()); // participants go with the room (reason ROOM_DELETED)
    return DeleteRoomResponse.getDefaultInstance();
  }

  private Message listParticipants(ListParticipantsRequest req, VideoGrant grant) throws TwirpException {
    grant.requireAdmin(req.getRoom());
    return ListParticipantsResponse.newBuilder().addAllParticipants(registry.participants(req.getRoom())).build();
  }

  private Message getParticipant(RoomParticipantIdentity req, VideoGrant grant) throws TwirpException {
    grant.requireAdmin(req.getRoom());
    return registry.participant(req.getRoom(), req.getIdentity());
  }

  private Message removeParticipant(RoomParticipantIdentity req, VideoGrant grant) throws TwirpException {
    grant.requireAdmin(req.getRoom());
    registry.removeParticipant(req.getRoom(), req.getIdentity());
    return RemoveParticipantResponse.getDefaultInstance();
  }

  private Message mutePublishedTrack(MuteRoomTrackRequest req, VideoGrant grant) throws TwirpException {
    grant.requireAdmin(req.getRoom());
    if (!req.getMuted() && !registry.remoteUnmuteEnabled()) {
      throw TwirpException.domain("failed_precondition", "remote unmute not enabled");
    }
    return MuteRoomTrackResponse.newBuilder()
        .setTrack(registry.setTrackMuted(req.getRoom(), req.getIdentity(), req.getTrackSid(), req.getMuted()))
        .build();
  }

  private Message updateParticipant(UpdateParticipantRequest req, VideoGrant grant) throws TwirpException {
    Limits.metadata(req.getMetadata());
    Limits.participantName(req.getName());
    Limits.attributes(req.getAttributesMap());
    grant.requireAdmin(req.getRoom());
    return registry.updateParticipant(req);
  }

  private Message updateSubscriptions(UpdateSubscriptionsRequest req, VideoGrant grant) throws TwirpException {
    grant.requireAdmin(req.getRoom());
    registry.participant(req.getRoom(), req.getIdentity()); // no media: only the participant must exist
    return UpdateSubscriptionsResponse.getDefaultInstance();
  }

  private Message sendData(SendDataRequest req, VideoGrant grant) throws TwirpException {
    grant.requireAdmin(req.getRoom());
    if (!req.getNonce().isEmpty() && req.getNonce().size() != 16) {
      throw TwirpException.invalidArgument("nonce", "must be 16 bytes");
    }
    if (!registry.exists(req.getRoom())) {
      throw TwirpException.roomNotFound();
    }
    return SendDataResponse.getDefaultInstance(); // accepted; there is no media plane to deliver it to
  }

  private Message updateRoomMetadata(UpdateRoomMetadataRequest req, VideoGrant grant) throws TwirpException {
    Limits.metadata(req.getMetadata());
    grant.requireAdmin(req.getRoom());
    return registry.updateMetadata(req.getRoom(), req.getMetadata());
  }

  private Message cloudOnly(String room, String destinationRoom, VideoGrant grant) throws TwirpException {
    grant.requireAdmin(room);
    if (!destinationRoom.equals(grant.text("destinationRoom"))) { // EnsureDestRoomPermission
      throw TwirpException.permissionsDenied();
    }
    throw TwirpException.domain("unimplemented", "forwarding and moving participants is only available on LiveKit Cloud");
  }

  private Message performRpc(PerformRpcRequest req, VideoGrant grant) throws TwirpException {
    grant.requireAdmin(req.getRoom());
    if (req.getDestinationIdentity().isEmpty()) {
      throw TwirpException.invalidArgument("destination_identity", "is required");
    }
    registry.participant(req.getRoom(), req.getDestinationIdentity());
    throw TwirpException.domain("unimplemented", "simulated participants do not answer RPCs");
  }
}
