package io.roomgate.livekit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test-only /sim control API: simulated participants, tracks and client joins. */
class ControlApiTest extends SimTestBase {

  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  private JsonArray participants(String room) throws Exception {
    return jsonOk("ListParticipants", TestTokens.admin(room), new JsonObject().put("room", room))
        .getJsonArray("participants");
  }

  @Test
  void addParticipantNeedsAnExistingRoom() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/sim/rooms/nowhere/participants", JSON,
        "{\"identity\":\"alice\"}");
    assertTwirpError(response, 404, "not_found", "twirp error unknown: requested room does not exist");
  }

  @Test
  void addParticipantFillsLiveKitDefaults() throws Exception {
    createRoom("c");
    JsonObject alice = addParticipant("c", new JsonObject().put("identity", "alice").put("name", "Alice")
        .put("metadata", "{\"role\":\"host\"}"));
    assertTrue(alice.getString("sid").matches("PA_[0-9A-Za-z]{12}"), alice::encode);
    assertEquals("ACTIVE", alice.getString("state"));
    assertEquals("STANDARD", alice.getString("kind"));
    assertEquals("Alice", alice.getString("name"));
    assertEquals("{\"role\":\"host\"}", alice.getString("metadata"));
    JsonObject permission = alice.getJsonObject("permission");
    assertEquals(true, permission.getBoolean("can_subscribe"));
    assertEquals(true, permission.getBoolean("can_publish"));
    assertEquals(true, permission.getBoolean("can_publish_data"));
    assertEquals(1, createRoom("c").getInteger("num_participants"));
  }

  @Test
  void sameIdentityReplacesTheOlderParticipant() throws Exception {
    createRoom("dup");
    String first = addParticipant("dup", new JsonObject().put("identity", "alice")).getString("sid");
    String second = addParticipant("dup", new JsonObject().put("identity", "alice")).getString("sid");
    assertNotEquals(first, second);
    JsonArray list = participants("dup");
    assertEquals(1, list.size());
    assertEquals(second, list.getJsonObject(0).getString("sid"));
  }

  @Test
  void addParticipantRequiresIdentity() throws Exception {
    createRoom("noid");
    assertTwirpError(send(HttpMethod.POST, "/sim/rooms/noid/participants", JSON, "{\"name\":\"x\"}"),
        400, "invalid_argument", null);
  }

  @Test
  void fullRoomRefusesNewcomers() throws Exception {
    jsonOk("CreateRoom", TestTokens.create(), new JsonObject().put("name", "small").put("max_participants", 1));
    addParticipant("small", new JsonObject().put("identity", "alice"));
    assertTwirpError(send(HttpMethod.POST, "/sim/rooms/small/participants", JSON, "{\"identity\":\"bob\"}"),
        429, "resource_exhausted", null);
  }

  @Test
  void removeParticipant() throws Exception {
    createRoom("rm");
    addParticipant("rm", new JsonObject().put("identity", "alice"));
    assertEquals(204, send(HttpMethod.DELETE, "/sim/rooms/rm/participants/alice", Map.of(), null).statusCode());
    assertEquals(0, participants("rm").size());
    assertTwirpError(send(HttpMethod.DELETE, "/sim/rooms/rm/participants/alice", Map.of(), null),
        404, "not_found", "twirp error unknown: participant does not exist");
  }

  @Test
  void publishTrackMakesAPublisher() throws Exception {
    createRoom("t");
    addParticipant("t", new JsonObject().put("identity", "alice"));
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/sim/participants/t/alice/tracks", JSON,
        "{\"type\":\"VIDEO\",\"name\":\"cam\",\"width\":640,\"height\":360}");
    assertEquals(200, response.statusCode(), response::bodyAsString);
    JsonObject track = response.bodyAsJsonObject();
    assertTrue(track.getString("sid").startsWith("TR_"));
    assertEquals("CAMERA", track.getString("source"));
    assertEquals("video/VP8", track.getString("mime_type"));
    JsonObject alice = participants("t").getJsonObject(0);
    assertEquals(true, alice.getBoolean("is_publisher"));
    assertEquals(track.getString("sid"), alice.getJsonArray("tracks").getJsonObject(0).getString("sid"));
    assertEquals(1, jsonOk("ListRooms", TestTokens.list(), new JsonObject()).getJsonArray("rooms")
        .getJsonObject(0).getInteger("num_publishers"));
  }

  @Test
  void joinWithTokenAutoCreatesTheRoom() throws Exception {
    String token = TestTokens.sign(TestTokens.SECRET, TestTokens.base().put("sub", "carol").put("name", "Carol")
        .put("metadata", "md").put("attributes", new JsonObject().put("team", "blue"))
        .put("video", new JsonObject().put("roomJoin", true).put("room", "auto").put("canPublish", false)
            .put("hidden", true)));
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/sim/join", Map.of("Authorization", "Bearer " + token),
        null);
    assertEquals(200, response.statusCode(), response::bodyAsString);
    JsonObject carol = response.bodyAsJsonObject();
    assertEquals("carol", carol.getString("identity"));
    assertEquals("Carol", carol.getString("name"));
    assertEquals("md", carol.getString("metadata"));
    assertEquals("blue", carol.getJsonObject("attributes").getString("team"));
    JsonObject permission = carol.getJsonObject("permission");
    assertEquals(false, permission.getBoolean("can_publish"));
    assertEquals(true, permission.getBoolean("can_subscribe"));
    assertEquals(true, permission.getBoolean("hidden"));

    JsonObject room = jsonOk("ListRooms", TestTokens.list(), new JsonObject()).getJsonArray("rooms").getJsonObject(0);
    assertEquals("auto", room.getString("name"));
    assertEquals(300, room.getInteger("empty_timeout"));
    assertEquals(1, room.getInteger("num_participants"));
  }

  @Test
  void joinAcceptsTheQueryParameterToken() throws Exception {
    String token = TestTokens.sign(TestTokens.SECRET, TestTokens.base().put("sub", "dave")
        .put("video", new JsonObject().put("roomJoin", true).put("room", "q")));
    assertEquals(200, send(HttpMethod.POST, "/sim/join?access_token=" + token, Map.of(), null).statusCode());
    assertEquals(1, participants("q").size());
  }

  @Test
  void joinNeedsAValidJoinGrant() throws Exception {
    assertTwirpError(send(HttpMethod.POST, "/sim/join", Map.of(), null), 401, "unauthenticated", null);
    assertTwirpError(send(HttpMethod.POST, "/sim/join", Map.of("Authorization", "Bearer junk"), null),
        401, "unauthenticated", "invalid authorization token");
    String adminOnly = TestTokens.sign(TestTokens.SECRET, TestTokens.base().put("sub", "eve")
        .put("video", new JsonObject().put("roomAdmin", true).put("room", "x")));
    assertTwirpError(send(HttpMethod.POST, "/sim/join", Map.of("Authorization", "Bearer " + adminOnly), null),
        401, "unauthenticated", "permissions denied");
  }

  @Test
  void configTogglesRemoteUnmuteAndResetClearsRooms() throws Exception {
    HttpResponse<Buffer> config = send(HttpMethod.PUT, "/sim/config", JSON, "{\"enable_remote_unmute\":true}");
    assertEquals(new JsonObject().put("enable_remote_unmute", true), config.bodyAsJsonObject());
    createRoom("one");
    assertEquals(204, send(HttpMethod.DELETE, "/sim/rooms", Map.of(), null).statusCode());
    assertEquals(0, jsonOk("ListRooms", TestTokens.list(), new JsonObject()).getJsonArray("rooms").size());
  }
}
