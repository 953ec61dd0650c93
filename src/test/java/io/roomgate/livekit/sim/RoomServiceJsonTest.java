package io.roomgate.livekit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every RoomService method over the JSON codec, with LiveKit's JSON shape (spec §1, §2.3) and domain errors. */
class RoomServiceJsonTest extends SimTestBase {

  private static final String ROOM_NOT_FOUND = "twirp error unknown: requested room does not exist";
  private static final String PARTICIPANT_NOT_FOUND = "twirp error unknown: participant does not exist";

  @Test
  void createRoomFillsServerDefaultsInLiveKitJsonShape() throws Exception {
    JsonObject room = jsonOk("CreateRoom", TestTokens.create(), new JsonObject()
        .put("name", "demo").put("max_participants", 20).put("metadata", "{\"tenant\":\"t1\"}"));
    assertTrue(room.getString("sid").matches("RM_[0-9A-Za-z]{12}"), room::encode);
    assertEquals("demo", room.getString("name"));
    assertEquals(300, room.getInteger("empty_timeout"));
    assertEquals(20, room.getInteger("departure_timeout"));
    assertEquals(20, room.getInteger("max_participants"));
    assertEquals("{\"tenant\":\"t1\"}", room.getString("metadata"));
    // int64 fields are JSON strings; creation_time is seconds, creation_time_ms milliseconds
    long seconds = Long.parseLong(room.getString("creation_time"));
    long millis = Long.parseLong(room.getString("creation_time_ms"));
    assertEquals(seconds, millis / 1000);
    assertFalse(room.getString("turn_password").isEmpty());
    JsonArray codecs = room.getJsonArray("enabled_codecs");
    assertTrue(codecs.stream().anyMatch(c -> "video/VP8".equals(((JsonObject) c).getString("mime"))));
    assertEquals("", codecs.getJsonObject(0).getString("fmtp_line"), "defaults are emitted");
    assertEquals(0, room.getInteger("num_participants"));
    assertEquals(false, room.getBoolean("active_recording"));
    assertTrue(room.getJsonObject("version").getValue("unix_micro") instanceof String);
  }

  @Test
  void createRoomIsAnUpsertThatKeepsTheSid() throws Exception {
    JsonObject first = jsonOk("CreateRoom", TestTokens.create(), new JsonObject()
        .put("name", "up").put("empty_timeout", 600).put("metadata", "one"));
    JsonObject second = jsonOk("CreateRoom", TestTokens.create(), new JsonObject()
        .put("name", "up").put("max_participants", 5));
    assertEquals(first.getString("sid"), second.getString("sid"));
    assertEquals(first.getString("creation_time"), second.getString("creation_time"));
    assertEquals(600, second.getInteger("empty_timeout"), "zero request fields do not overwrite");
    assertEquals("one", second.getString("metadata"));
    assertEquals(5, second.getInteger("max_participants"));
  }

  @Test
  void createRoomEnforcesSizeLimits() throws Exception {
    assertTwirpError(json("CreateRoom", TestTokens.create(), new JsonObject().put("name", "r".repeat(257))),
        400, "invalid_argument", "room name length exceeds limits 256");
    JsonObject body = assertTwirpError(json("CreateRoom", TestTokens.create(), new JsonObject()
        .put("name", "big").put("metadata", "m".repeat(512 * 1024 + 1))),
        400, "invalid_argument", "metadata size exceeds limits 524288");
    assertEquals("metadata size exceeds limits", body.getJsonObject("meta").getString("argument"));
  }

  @Test
  void listRoomsFiltersByNameAndCountsParticipants() throws Exception {
    createRoom("a");
    createRoom("b");
    addParticipant("a", new JsonObject().put("identity", "alice"));
    JsonArray all = jsonOk("ListRooms", TestTokens.list(), new JsonObject()).getJsonArray("rooms");
    assertEquals(2, all.size());
    JsonArray onlyA = jsonOk("ListRooms", TestTokens.list(), new JsonObject()
        .put("names", new JsonArray().add("a").add("missing"))).getJsonArray("rooms");
    assertEquals(1, onlyA.size());
    assertEquals("a", onlyA.getJsonObject(0).getString("name"));
    assertEquals(1, onlyA.getJsonObject(0).getInteger("num_participants"));
  }

  @Test
  void deleteRoomRemovesRoomAndParticipants() throws Exception {
    createRoom("gone");
    addParticipant("gone", new JsonObject().put("identity", "alice"));
    assertEquals(new JsonObject(), jsonOk("DeleteRoom", TestTokens.create(), new JsonObject().put("room", "gone")));
    assertEquals(0, jsonOk("ListRooms", TestTokens.list(), new JsonObject()).getJsonArray("rooms").size());
    assertEquals(0, jsonOk("ListParticipants", TestTokens.admin("gone"), new JsonObject().put("room", "gone"))
        .getJsonArray("participants").size());
    assertTwirpError(json("DeleteRoom", TestTokens.create(), new JsonObject().put("room", "gone")),
        404, "not_found", ROOM_NOT_FOUND);
  }

  @Test
  void updateRoomMetadata() throws Exception {
    String sid = createRoom("meta").getString("sid");
    JsonObject room = jsonOk("UpdateRoomMetadata", TestTokens.admin("meta"), new JsonObject()
        .put("room", "meta").put("metadata", "{\"topic\":\"x\"}"));
    assertEquals(sid, room.getString("sid"));
    assertEquals("{\"topic\":\"x\"}", room.getString("metadata"));
    assertTwirpError(json("UpdateRoomMetadata", TestTokens.admin("nope"), new JsonObject()
        .put("room", "nope").put("metadata", "x")), 404, "not_found", ROOM_NOT_FOUND);
  }

  @Test
  void listAndGetParticipants() throws Exception {
    createRoom("p");
    JsonObject added = addParticipant("p", new JsonObject().put("identity", "alice").put("name", "Alice"));
    JsonArray list = jsonOk("ListParticipants", TestTokens.admin("p"), new JsonObject().put("room", "p"))
        .getJsonArray("participants");
    assertEquals(1, list.size());
    JsonObject alice = list.getJsonObject(0);
    assertEquals(added.getString("sid"), alice.getString("sid"));
    assertEquals("ACTIVE", alice.getString("state"));
    assertEquals("STANDARD", alice.getString("kind"));
    assertEquals("UNKNOWN_REASON", alice.getString("disconnect_reason"));
    assertTrue(alice.getValue("joined_at") instanceof String);
    assertEquals(new JsonObject(), alice.getJsonObject("attributes"));
    assertEquals(true, alice.getJsonObject("permission").getBoolean("can_publish"));

    assertEquals(alice, jsonOk("GetParticipant", TestTokens.admin("p"),
        new JsonObject().put("room", "p").put("identity", "alice")));
    assertTwirpError(json("GetParticipant", TestTokens.admin("p"),
        new JsonObject().put("room", "p").put("identity", "bob")), 404, "not_found", PARTICIPANT_NOT_FOUND);
  }

  @Test
  void listParticipantsOfUnknownRoomIsEmpty() throws Exception {
    JsonObject reply = jsonOk("ListParticipants", TestTokens.admin("ghost"), new JsonObject().put("room", "ghost"));
    assertEquals(new JsonObject().put("participants", new JsonArray()), reply);
  }

  @Test
  void removeParticipant() throws Exception {
    createRoom("r");
    addParticipant("r", new JsonObject().put("identity", "alice"));
    assertEquals(new JsonObject(), jsonOk("RemoveParticipant", TestTokens.admin("r"),
        new JsonObject().put("room", "r").put("identity", "alice")));
    assertTwirpError(json("RemoveParticipant", TestTokens.admin("r"),
        new JsonObject().put("room", "r").put("identity", "alice")), 404, "not_found", PARTICIPANT_NOT_FOUND);
  }

  @Test
  void updateParticipantMergesLikeLiveKit() throws Exception {
    createRoom("u");
    JsonObject before = addParticipant("u", new JsonObject().put("identity", "alice").put("metadata", "keep")
        .put("attributes", new JsonObject().put("a", "1").put("b", "2")));
    JsonObject after = jsonOk("UpdateParticipant", TestTokens.admin("u"), new JsonObject()
        .put("room", "u").put("identity", "alice").put("metadata", "").put("name", "Alice")
        .put("permission", new JsonObject().put("can_subscribe", true))
        .put("attributes", new JsonObject().put("a", "").put("c", "3")));
    assertEquals("keep", after.getString("metadata"), "empty metadata leaves it unchanged");
    assertEquals("Alice", after.getString("name"));
    assertEquals(new JsonObject().put("b", "2").put("c", "3"), after.getJsonObject("attributes"));
    JsonObject permission = after.getJsonObject("permission");
    assertEquals(true, permission.getBoolean("can_subscribe"));
    assertEquals(false, permission.getBoolean("can_publish"), "permission replaces the whole set");
    assertTrue(after.getInteger("version") > before.getInteger("version"));

    JsonObject noPermission = jsonOk("UpdateParticipant", TestTokens.admin("u"), new JsonObject()
        .put("room", "u").put("identity", "alice").put("metadata", "new"));
    assertEquals("new", noPermission.getString("metadata"));
    assertEquals(permission, noPermission.getJsonObject("permission"), "absent permission is unchanged");

    assertTwirpError(json("UpdateParticipant", TestTokens.admin("u"), new JsonObject()
        .put("room", "u").put("identity", "nobody").put("metadata", "x")), 404, "not_found", PARTICIPANT_NOT_FOUND);
  }

  @Test
  void mutePublishedTrack() throws Exception {
    createRoom("m");
    addParticipant("m", new JsonObject().put("identity", "alice"));
    String trackSid = publishTrack("m", "alice", new JsonObject().put("type", "AUDIO").put("name", "mic"))
        .getString("sid");
    JsonObject muted = jsonOk("MutePublishedTrack", TestTokens.admin("m"), new JsonObject()
        .put("room", "m").put("identity", "alice").put("track_sid", trackSid).put("muted", true))
        .getJsonObject("track");
    assertEquals(trackSid, muted.getString("sid"));
    assertEquals(true, muted.getBoolean("muted"));
    JsonObject alice = jsonOk("GetParticipant", TestTokens.admin("m"),
        new JsonObject().put("room", "m").put("identity", "alice"));
    assertEquals(true, alice.getJsonArray("tracks").getJsonObject(0).getBoolean("muted"));

    JsonObject unmute = new JsonObject().put("room", "m").put("identity", "alice").put("track_sid", trackSid)
        .put("muted", false);
    assertTwirpError(json("MutePublishedTrack", TestTokens.admin("m"), unmute), 412, "failed_precondition",
        "twirp error unknown: remote unmute not enabled");
    assertEquals(200, control(HttpMethod.PUT, "/sim/config", "{\"enable_remote_unmute\":true}").statusCode());
    assertEquals(false, jsonOk("MutePublishedTrack", TestTokens.admin("m"), unmute)
        .getJsonObject("track").getBoolean("muted"));

    assertTwirpError(json("MutePublishedTrack", TestTokens.admin("m"), unmute.copy().put("track_sid", "TR_none")),
        404, "not_found", null);
    assertTwirpError(json("MutePublishedTrack", TestTokens.admin("m"), unmute.copy().put("identity", "bob")),
        404, "not_found", PARTICIPANT_NOT_FOUND);
  }

  @Test
  void sendDataChecksTheNonce() throws Exception {
    createRoom("d");
    JsonObject request = new JsonObject().put("room", "d")
        .put("data", Base64.getEncoder().encodeToString("hello".getBytes()))
        .put("kind", "RELIABLE").put("destination_identities", new JsonArray().add("alice")).put("topic", "chat");
    assertEquals(new JsonObject(), jsonOk("SendData", TestTokens.admin("d"), request));
    assertEquals(new JsonObject(), jsonOk("SendData", TestTokens.admin("d"),
        request.copy().put("nonce", Base64.getEncoder().encodeToString(new byte[16]))));
    assertTwirpError(json("SendData", TestTokens.admin("d"),
        request.copy().put("nonce", Base64.getEncoder().encodeToString(new byte[5]))), 400, "invalid_argument", null);
  }

  @Test
  void updateSubscriptions() throws Exception {
    createRoom("s");
    addParticipant("s", new JsonObject().put("identity", "alice"));
    assertEquals(new JsonObject(), jsonOk("UpdateSubscriptions", TestTokens.admin("s"), new JsonObject()
        .put("room", "s").put("identity", "alice").put("track_sids", new JsonArray().add("TR_x")).put("subscribe", true)));
  }

  @Test
  void newRoomsGetDistinctSids() throws Exception {
    List<String> sids = List.of(createRoom("x1").getString("sid"), createRoom("x2").getString("sid"));
    assertNotEquals(sids.get(0), sids.get(1));
  }
}
