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

  private JsonArray participants(String room) throws Exception {
    return jsonOk("ListParticipants", TestTokens.admin(room), new JsonObject().put("room", room))
        .getJsonArray("participants");
  }

  @Test
  void addParticipantNeedsAnExistingRoom() throws Exception {
    HttpResponse<Buffer> response = control(HttpMethod.POST, "/sim/rooms/nowhere/participants",
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
    assertTwirpError(control(HttpMethod.POST, "/sim/rooms/noid/participants", "{\"name\":\"x\"}"),
        400, "invalid_argument", null);
  }

  @Test
  void fullRoomRefusesNewcomers() throws Exception {
    jsonOk("CreateRoom", TestTokens.create(), new JsonObject().put("name", "small").put("max_participants", 1));
    addParticipant("small", new JsonObject().put("identity", "alice"));
    assertTwirpError(control(HttpMethod.POST, "/sim/rooms/small/participants", "{\"identity\":\"bob\"}"),
        429, "resource_exhausted", null);
  }

  @Test
  void removeParticipant() throws Exception {
    createRoom("rm");
    addParticipant("rm", new JsonObject().put("identity", "alice"));
    assertEquals(204, control(HttpMethod.DELETE, "/sim/rooms/rm/participants/alice", null).statusCode());
    assertEquals(0, participants("rm").size());
    assertTwirpError(control(HttpMethod.DELETE, "/sim/rooms/rm/participants/alice", null),
        404, "not_found", "twirp error unknown: participant does not exist");
  }

  @Test
  void publishTrackMakesAPublisher() throws Exception {
    createRoom("t");
    addParticipant("t", new JsonObject().put("identity", "alice"));
    HttpResponse<Buffer> response = control(HttpMethod.POST, "/sim/participants/t/alice/tracks",
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
    HttpResponse<Buffer> config = control(HttpMethod.PUT, "/sim/config", "{\"enable_remote_unmute\":true}");
    assertEquals(new JsonObject().put("enable_remote_unmute", true), config.bodyAsJsonObject());
    createRoom("one");
    assertEquals(204, control(HttpMethod.DELETE, "/sim/rooms", null).statusCode());
    assertEquals(0, jsonOk("ListRooms", TestTokens.list(), new JsonObject()).getJsonArray("rooms").size());
  }

  // ---------------------------------------------------------------- who may use the control API

  private static Map<String, String> bearer(String token) {
    return Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token);
  }

  @Test
  void everyControlCallButJoinNeedsARoomAdminTokenOfTheSimulator() throws Exception {
    createRoom("guarded");
    String[][] calls = {
        {"POST", "/sim/rooms/guarded/participants", "{\"identity\":\"mallory\"}"},
        {"DELETE", "/sim/rooms/guarded/participants/alice", null},
        {"POST", "/sim/rooms/guarded/participants/alice/tracks", "{\"type\":\"AUDIO\"}"},
        {"POST", "/sim/participants/guarded/alice/tracks", "{\"type\":\"AUDIO\"}"},
        {"DELETE", "/sim/rooms/guarded/participants/alice/tracks/TR_x", null},
        {"GET", "/sim/stats", null},
        {"PUT", "/sim/webhooks", "{\"urls\":[\"http://127.0.0.1:1/steal\"]}"},
        {"GET", "/sim/config", null},
        {"PUT", "/sim/config", "{\"enable_remote_unmute\":true}"},
        {"DELETE", "/sim/rooms", null},
        {"GET", "/sim/no-such-thing", null},
    };
    long now = TestTokens.now();
    Map<String, Map<String, String>> refused = new java.util.LinkedHashMap<>();
    refused.put("no Authorization", Map.of("Content-Type", "application/json"));
    refused.put("not Bearer", Map.of("Authorization", "Basic " + TestTokens.simAdmin()));
    refused.put("garbage", bearer("junk"));
    refused.put("another secret", bearer(TestTokens.sign("another-secret-0123456789abcdef0123",
        TestTokens.base().put("video", new JsonObject().put("roomAdmin", true)))));
    refused.put("unknown key", bearer(TestTokens.sign(TestTokens.SECRET,
        TestTokens.base().put("iss", "otherkey").put("video", new JsonObject().put("roomAdmin", true)))));
    refused.put("expired", bearer(TestTokens.sign(TestTokens.SECRET, TestTokens.base().put("nbf", now - 900)
        .put("exp", now - 600).put("video", new JsonObject().put("roomAdmin", true)))));
    refused.put("not yet valid", bearer(TestTokens.sign(TestTokens.SECRET, TestTokens.base().put("nbf", now + 600)
        .put("exp", now + 1200).put("video", new JsonObject().put("roomAdmin", true)))));
    refused.put("no exp", bearer(TestTokens.sign(TestTokens.SECRET, new JsonObject().put("iss", TestTokens.KEY)
        .put("video", new JsonObject().put("roomAdmin", true)))));
    refused.put("roomCreate only", bearer(TestTokens.create()));
    refused.put("roomAdmin false", bearer(TestTokens.video(new JsonObject().put("roomAdmin", false))));
    refused.put("a join token", bearer(TestTokens.sign(TestTokens.SECRET, TestTokens.base().put("sub", "m")
        .put("video", new JsonObject().put("roomJoin", true).put("room", "guarded")))));
    for (Map.Entry<String, Map<String, String>> r : refused.entrySet()) {
      for (String[] call : calls) {
        HttpResponse<Buffer> response = send(HttpMethod.valueOf(call[0]), call[1], r.getValue(), call[2]);
        assertEquals(401, response.statusCode(), () -> r.getKey() + " " + call[0] + " " + call[1] + ": "
            + response.bodyAsString());
        assertEquals("unauthenticated", response.bodyAsJsonObject().getString("code"), r.getKey());
        assertTrue(!response.bodyAsJsonObject().getString("msg").isEmpty());
      }
    }
    assertEquals(ControlApiAuth.MISSING, send(HttpMethod.GET, "/sim/stats", Map.of(), null)
        .bodyAsJsonObject().getString("msg"));
    assertEquals(ControlApiAuth.NO_ROOM_ADMIN, send(HttpMethod.GET, "/sim/stats", bearer(TestTokens.create()), null)
        .bodyAsJsonObject().getString("msg"));
    assertTrue(send(HttpMethod.GET, "/sim/stats", refused.get("expired"), null).bodyAsJsonObject().getString("msg")
        .contains("token is expired"));
    // nothing changed: no participant, remote unmute still off, the room still there
    assertEquals(0, participants("guarded").size());
    assertEquals(false, control(HttpMethod.GET, "/sim/config", null).bodyAsJsonObject()
        .getBoolean("enable_remote_unmute"));
    assertEquals(1, jsonOk("ListRooms", TestTokens.list(), new JsonObject()).getJsonArray("rooms").size());
    // and with the right token, the same calls work
    assertEquals(200, control(HttpMethod.GET, "/sim/stats", null).statusCode());
    assertEquals(404, control(HttpMethod.GET, "/sim/no-such-thing", null).statusCode());
  }

  @Test
  void aRoomAdminTokenForOneRoomControlsOnlyThatRoom() throws Exception {
    createRoom("mine");
    createRoom("theirs");
    Map<String, String> mine = bearer(TestTokens.admin("mine"));
    assertEquals(200, send(HttpMethod.POST, "/sim/rooms/mine/participants", mine, "{\"identity\":\"a\"}")
        .statusCode());
    assertEquals(200, send(HttpMethod.POST, "/sim/participants/mine/a/tracks", mine, "{\"type\":\"AUDIO\"}")
        .statusCode());
    assertTwirpError(send(HttpMethod.POST, "/sim/rooms/theirs/participants", mine, "{\"identity\":\"a\"}"),
        401, "unauthenticated", "permissions denied: the token is for room 'mine', not 'theirs'");
    assertTwirpError(send(HttpMethod.DELETE, "/sim/rooms", mine, null), 401, "unauthenticated", null);
    assertTwirpError(send(HttpMethod.PUT, "/sim/webhooks", mine, "{\"urls\":[]}"), 401, "unauthenticated", null);
    assertEquals(0, participants("theirs").size());
    assertEquals(2, jsonOk("ListRooms", TestTokens.list(), new JsonObject()).getJsonArray("rooms").size());
  }

  @Test
  void theControlApiEchoesNoCorsOrigin() throws Exception {
    Map<String, String> fromAPage = Map.of("Origin", "https://evil.example", "Content-Type", "application/json",
        "Authorization", "Bearer " + TestTokens.simAdmin());
    HttpResponse<Buffer> stats = send(HttpMethod.GET, "/sim/stats", fromAPage, null);
    assertEquals(200, stats.statusCode());
    assertEquals(null, stats.getHeader("Access-Control-Allow-Origin"));
    HttpResponse<Buffer> preflight = send(HttpMethod.OPTIONS, "/sim/rooms/x/participants", Map.of(
        "Origin", "https://evil.example", "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "authorization"), null);
    assertEquals(null, preflight.getHeader("Access-Control-Allow-Origin"));
    assertNotEquals(204, preflight.statusCode());
    HttpResponse<Buffer> join = send(HttpMethod.POST, "/sim/join", Map.of("Origin", "https://evil.example"), null);
    assertEquals(null, join.getHeader("Access-Control-Allow-Origin"));
    // the RoomService keeps LiveKit's CORS
    HttpResponse<Buffer> twirp = send(HttpMethod.POST, TWIRP + "ListRooms", Map.of("Origin", "https://app.example",
        "Content-Type", "application/json", "Authorization", "Bearer " + TestTokens.list()), "{}");
    assertEquals("https://app.example", twirp.getHeader("Access-Control-Allow-Origin"));
  }

  @Test
  void theCommandLineTokenOpensTheControlApi() throws Exception {
    String wide = LiveKitSimulatorMain.token(new String[] {"--api-key", TestTokens.KEY, "--api-secret",
        TestTokens.SECRET}, TestTokens.now());
    assertEquals(200, send(HttpMethod.GET, "/sim/stats", bearer(wide), null).statusCode());
    createRoom("r1");
    String forR1 = LiveKitSimulatorMain.token(new String[] {"--api-key", TestTokens.KEY, "--api-secret",
        TestTokens.SECRET, "--room", "r1"}, TestTokens.now());
    assertEquals(200, send(HttpMethod.POST, "/sim/rooms/r1/participants", bearer(forR1), "{\"identity\":\"x\"}")
        .statusCode());
    assertEquals(401, send(HttpMethod.GET, "/sim/stats", bearer(forR1), null).statusCode());
  }
}
