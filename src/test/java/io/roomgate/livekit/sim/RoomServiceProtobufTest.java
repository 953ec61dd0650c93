package io.roomgate.livekit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.DeleteRoomRequest;
import livekit.LivekitRoom.DeleteRoomResponse;
import livekit.LivekitRoom.ListParticipantsRequest;
import livekit.LivekitRoom.ListParticipantsResponse;
import livekit.LivekitRoom.ListRoomsRequest;
import livekit.LivekitRoom.ListRoomsResponse;
import livekit.LivekitRoom.MuteRoomTrackRequest;
import livekit.LivekitRoom.MuteRoomTrackResponse;
import livekit.LivekitRoom.RemoveParticipantResponse;
import livekit.LivekitRoom.RoomParticipantIdentity;
import livekit.LivekitRoom.SendDataRequest;
import livekit.LivekitRoom.SendDataResponse;
import livekit.LivekitRoom.UpdateParticipantRequest;
import livekit.LivekitRoom.UpdateRoomMetadataRequest;
import livekit.LivekitRoom.UpdateSubscriptionsRequest;
import livekit.LivekitRoom.UpdateSubscriptionsResponse;
import org.junit.jupiter.api.Test;

/** Every RoomService method over application/protobuf, as the Go, Python and Kotlin SDKs call it. */
class RoomServiceProtobufTest extends SimTestBase {

  @Test
  void roomLifecycle() throws Exception {
    Room created = protoOk("CreateRoom", TestTokens.create(), CreateRoomRequest.newBuilder()
        .setName("pb").setEmptyTimeout(600).setMetadata("m1").build(), Room.getDefaultInstance());
    assertTrue(created.getSid().startsWith("RM_"));
    assertEquals(600, created.getEmptyTimeout());
    assertEquals(20, created.getDepartureTimeout());
    assertTrue(created.getCreationTime() > 0);

    Room again = protoOk("CreateRoom", TestTokens.create(), CreateRoomRequest.newBuilder().setName("pb").build(),
        Room.getDefaultInstance());
    assertEquals(created.getSid(), again.getSid());

    ListRoomsResponse rooms = protoOk("ListRooms", TestTokens.list(), ListRoomsRequest.getDefaultInstance(),
        ListRoomsResponse.getDefaultInstance());
    assertEquals(1, rooms.getRoomsCount());

    Room updated = protoOk("UpdateRoomMetadata", TestTokens.admin("pb"), UpdateRoomMetadataRequest.newBuilder()
        .setRoom("pb").setMetadata("m2").build(), Room.getDefaultInstance());
    assertEquals("m2", updated.getMetadata());

    assertEquals(DeleteRoomResponse.getDefaultInstance(), protoOk("DeleteRoom", TestTokens.create(),
        DeleteRoomRequest.newBuilder().setRoom("pb").build(), DeleteRoomResponse.getDefaultInstance()));
  }

  @Test
  void participantMethods() throws Exception {
    createRoom("pp");
    addParticipant("pp", new JsonObject().put("identity", "alice"));
    String trackSid = publishTrack("pp", "alice", new JsonObject().put("type", "VIDEO")).getString("sid");
    String admin = TestTokens.admin("pp");
    RoomParticipantIdentity alice = RoomParticipantIdentity.newBuilder().setRoom("pp").setIdentity("alice").build();

    ListParticipantsResponse list = protoOk("ListParticipants", admin,
        ListParticipantsRequest.newBuilder().setRoom("pp").build(), ListParticipantsResponse.getDefaultInstance());
    assertEquals(1, list.getParticipantsCount());
    assertEquals(ParticipantInfo.State.ACTIVE, list.getParticipants(0).getState());

    ParticipantInfo got = protoOk("GetParticipant", admin, alice, ParticipantInfo.getDefaultInstance());
    assertEquals("alice", got.getIdentity());
    assertTrue(got.getIsPublisher());

    ParticipantInfo updated = protoOk("UpdateParticipant", admin, UpdateParticipantRequest.newBuilder()
        .setRoom("pp").setIdentity("alice").setName("Alice").putAttributes("k", "v")
        .setPermission(ParticipantPermission.newBuilder().setCanSubscribe(true)).build(),
        ParticipantInfo.getDefaultInstance());
    assertEquals("Alice", updated.getName());
    assertEquals("v", updated.getAttributesOrThrow("k"));
    assertEquals(false, updated.getPermission().getCanPublish());

    MuteRoomTrackResponse muted = protoOk("MutePublishedTrack", admin, MuteRoomTrackRequest.newBuilder()
        .setRoom("pp").setIdentity("alice").setTrackSid(trackSid).setMuted(true).build(),
        MuteRoomTrackResponse.getDefaultInstance());
    assertTrue(muted.getTrack().getMuted());

    assertEquals(UpdateSubscriptionsResponse.getDefaultInstance(), protoOk("UpdateSubscriptions", admin,
        UpdateSubscriptionsRequest.newBuilder().setRoom("pp").setIdentity("alice").addTrackSids(trackSid).build(),
        UpdateSubscriptionsResponse.getDefaultInstance()));

    assertEquals(SendDataResponse.getDefaultInstance(), protoOk("SendData", admin, SendDataRequest.newBuilder()
        .setRoom("pp").setData(ByteString.copyFromUtf8("hi")).setKind(DataPacket.Kind.RELIABLE)
        .setNonce(ByteString.copyFrom(new byte[16])).build(), SendDataResponse.getDefaultInstance()));

    assertEquals(RemoveParticipantResponse.getDefaultInstance(), protoOk("RemoveParticipant", admin, alice,
        RemoveParticipantResponse.getDefaultInstance()));
    assertEquals(0, protoOk("ListParticipants", admin, ListParticipantsRequest.newBuilder().setRoom("pp").build(),
        ListParticipantsResponse.getDefaultInstance()).getParticipantsCount());
  }

  @Test
  void errorsStayJsonForProtobufCallers() throws Exception {
    assertTwirpError(post(TWIRP + "GetParticipant", "application/protobuf", TestTokens.admin("none"),
        Buffer.buffer(RoomParticipantIdentity.newBuilder().setRoom("none").setIdentity("x").build().toByteArray())),
        404, "not_found", "twirp error unknown: participant does not exist");
    assertTwirpError(post(TWIRP + "ListRooms", "application/protobuf", null, Buffer.buffer()),
        401, "unauthenticated", "permissions denied");
  }

  @Test
  void emptyProtobufBodyIsAnEmptyRequest() throws Exception {
    // Unlike JSON, zero bytes are a valid protobuf message.
    ListRoomsResponse rooms = protoOk("ListRooms", TestTokens.list(), ListRoomsRequest.getDefaultInstance(),
        ListRoomsResponse.getDefaultInstance());
    assertEquals(0, rooms.getRoomsCount());
    assertEquals(200, send(HttpMethod.POST, TWIRP + "ListRooms", Map.of("Content-Type", "application/protobuf",
        "Authorization", "Bearer " + TestTokens.list()), "").statusCode());
  }
}
