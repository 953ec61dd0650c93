package io.roomgate.api.plugnmeet;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.GatewayConfig;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.roomgate.testsupport.TestJwt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every plugNmeet endpoint, success and failure, through a real gateway over HTTP, backed by the embedded LiveKit
 * simulator. Runs once per room store ({@link PlugNmeetApiInMemoryTest}, {@link PlugNmeetApiRedisTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PlugNmeetApiContract {
  protected Vertx vertx;
  protected Gateway gateway;
  protected PlugNmeetTestClient acme;
  protected PlugNmeetTestClient globex;
  protected WebClient web;
  private String roomId;
  private String redisUrl;

  /** {@code null} for the in-process store. */
  protected abstract String redisUrl();

  /** The gateway's configuration for this run. */
  protected String configYaml(String redisUrl) {
    return TestConfigs.yaml(redisUrl);
  }

  @BeforeAll
  void startGateway() {
    vertx = Vertx.vertx();
    redisUrl = redisUrl();
    GatewayConfig config = ConfigLoader.parse(configYaml(redisUrl));
    gateway = Gateway.start(vertx, config).await();
    acme = new PlugNmeetTestClient(vertx, gateway.apiPort(), TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET);
    globex = new PlugNmeetTestClient(vertx, gateway.apiPort(), TestConfigs.GLOBEX_KEY, TestConfigs.GLOBEX_SECRET);
    web = WebClient.create(vertx);
  }

  @AfterAll
  void stopGateway() {
    gateway.close().await();
    vertx.close().await();
  }

  @org.junit.jupiter.api.BeforeEach
  void uniqueRoom(TestInfo info) {
    // room_id is at most 64 characters: cap the name, and base 36 keeps the suffix short whatever the uptime
    String name = info.getTestMethod().orElseThrow().getName().replaceAll("[^a-zA-Z0-9]", "");
    roomId = name.substring(0, Math.min(name.length(), 40)) + "-" + Long.toString(System.nanoTime(), 36);
  }

  static JsonObject createBody(String roomId) {
    return new JsonObject()
        .put("room_id", roomId)
        .put("max_participants", 50)
        .put("empty_timeout", 600)
        .put("metadata", new JsonObject()
            .put("room_title", "Demo " + roomId)
            .put("webhook_url", "https://app.example/hook")
            .put("room_features", new JsonObject().put("allow_webcams", true)));
  }

  static JsonObject roomIdBody(String roomId) {
    return new JsonObject().put("room_id", roomId);
  }

  // ---------------------------------------------------------------- authentication

  @Test
  void missingApiKeyIs401() {
    assertAuthFailure(acme.unsigned("/auth/room/isRoomActive", "{}".getBytes(), null, "x"),
        "Missing API-KEY header.", "MISSING_REQUIRED_PARAMETER");
  }

  @Test
  void unknownApiKeyIs401() {
    assertAuthFailure(acme.unsigned("/auth/room/isRoomActive", "{}".getBytes(), "nobody", "x"),
        "Invalid API key provided.", "INVALID_API_KEY");
  }

  @Test
  void missingSignatureIs401() {
    assertAuthFailure(acme.unsigned("/auth/room/isRoomActive", "{}".getBytes(), TestConfigs.ACME_KEY, null),
        "Missing HASH-SIGNATURE header.", "MISSING_REQUIRED_PARAMETER");
  }

  @Test
  void wrongSignatureIs401AndChangesNothing() {
    byte[] body = createBody(roomId).encode().getBytes(StandardCharsets.UTF_8);
    // signed with the other tenant's secret
    assertAuthFailure(acme.unsigned("/auth/room/create", body, TestConfigs.ACME_KEY,
            PlugNmeetTestClient.sign(TestConfigs.GLOBEX_SECRET, body)),
        "Failed to verify provided authentication details.", "INVALID_TOKEN_OR_SIGNATURE");
    // a signature over other bytes than those sent
    assertAuthFailure(acme.unsigned("/auth/room/create", body, TestConfigs.ACME_KEY,
            PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, (new String(body) + " ").getBytes())),
        "Failed to verify provided authentication details.", "INVALID_TOKEN_OR_SIGNATURE");
    assertFalse(acme.call("isRoomActive", roomIdBody(roomId)).getBoolean("is_active"));
  }

  @Test
  void signatureIsOverRawBytesNotReserializedJson() {
    // Odd spacing and key order are signed as sent; the gateway must not re-serialise before verifying.
    String raw = "{ \"metadata\" : {\"room_features\":{}, \"room_title\":\"spaced\"},   \"room_id\":\"" + roomId + "\" }";
    HttpResponse<Buffer> r = acme.raw("/auth/room/create", raw.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode());
    assertEquals(true, r.bodyAsJsonObject().getBoolean("status"), r.bodyAsString());
  }

  private static void assertAuthFailure(HttpResponse<Buffer> r, String msg, String statusCode) {
    assertEquals(401, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(new JsonObject().put("status", false).put("msg", msg).put("status_code", statusCode), body);
  }

  // ---------------------------------------------------------------- create

  @Test
  void createAnswersLiveKitAndActiveRoomFields() {
    JsonObject r = acme.call("create", createBody(roomId));
    assertEquals(true, r.getBoolean("status"), r.encode());
    assertEquals("success", r.getString("msg"));
    assertEquals("SUCCESS", r.getString("status_code"));
    JsonObject info = r.getJsonObject("room_info");
    assertTrue(info.getString("sid").startsWith("RM_"), info.encode());
    assertEquals(roomId, info.getString("name"));
    assertEquals(roomId, info.getString("room_id"));
    assertEquals("Demo " + roomId, info.getString("room_title"));
    assertEquals(50, info.getInteger("max_participants"));
    assertEquals(600, info.getInteger("empty_timeout"));
    assertTrue(info.getValue("creation_time") instanceof Number);
    assertTrue(info.getLong("creation_time") > 1_700_000_000L);
    assertTrue(info.getValue("is_running") instanceof Boolean);
    assertEquals(true, info.getBoolean("is_running"));
    assertFalse(info.getString("turn_password").isEmpty());
    assertFalse(info.getJsonArray("enabled_codecs").isEmpty());
    assertEquals("https://app.example/hook", info.getString("webhook_url"));
    JsonObject metadata = new JsonObject(info.getString("metadata"));
    assertEquals("Demo " + roomId, metadata.getString("room_title"));
    // features the client left out take plugNmeet's defaults
    assertEquals(true, metadata.getJsonObject("room_features").getJsonObject("chat_features").getBoolean("allow_chat"));
  }

  @Test
  void emptyTimeoutUnderTwoMinutesBecomesThirtyMinutes() {
    JsonObject body = createBody(roomId).put("empty_timeout", 60);
    assertEquals(1800, acme.call("create", body).getJsonObject("room_info").getInteger("empty_timeout"));
  }

  @Test
  void createIsIdempotentWhileActive() {
    String sid = acme.call("create", createBody(roomId)).getJsonObject("room_info").getString("sid");
    JsonObject again = acme.call("create", createBody(roomId));
    assertEquals(true, again.getBoolean("status"));
    assertEquals(sid, again.getJsonObject("room_info").getString("sid"));
  }

  @Test
  void concurrentCreatesMakeOneRoom() {
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    byte[] body = createBody(roomId).encode().getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 20; i++) {
      calls.add(web.post(gateway.apiPort(), "127.0.0.1", "/auth/room/create")
          .putHeader("API-KEY", TestConfigs.ACME_KEY)
          .putHeader("HASH-SIGNATURE", PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, body))
          .sendBuffer(Buffer.buffer(body)));
    }
    Future.all(calls).await();
    Set<String> sids = new HashSet<>();
    for (Future<HttpResponse<Buffer>> c : calls) {
      JsonObject r = c.result().bodyAsJsonObject();
      assertEquals(true, r.getBoolean("status"), r.encode());
      sids.add(r.getJsonObject("room_info").getString("sid"));
    }
    assertEquals(1, sids.size(), sids.toString());
    JsonArray rooms = acme.call("getActiveRoomsInfo", new JsonObject()).getJsonArray("rooms");
    long matching = rooms.stream().map(o -> ((JsonObject) o).getJsonObject("room_info").getString("room_id"))
        .filter(roomId::equals).count();
    assertEquals(1, matching);
  }

  @Test
  void validationErrorsNameTheFieldAndChangeNothing() {
    assertInvalid("create", createBody(roomId).put("room_id", "bad id!"),
        "validation error: room_id: room_id should only contain ASCII letters (a-z A-Z), digits (0-9) or -_");
    JsonObject noTitle = createBody(roomId);
    noTitle.getJsonObject("metadata").remove("room_title");
    assertInvalid("create", noTitle, "validation error: metadata.room_title: value is required");
    assertInvalid("create", createBody(roomId).put("max_participants", 0),
        "validation error: max_participants: must be greater than 0");
    JsonObject badFlag = createBody(roomId);
    badFlag.getJsonObject("metadata").getJsonObject("room_features").put("allow_webcams", "yes");
    assertInvalid("create", badFlag, "validation error: metadata.room_features.allow_webcams: value must be a boolean");
    assertFalse(acme.call("isRoomActive", roomIdBody(roomId)).getBoolean("is_active"));
  }

  @Test
  void malformedJsonIsAClearError() {
    HttpResponse<Buffer> r = acme.raw("/auth/room/create", "{\"room_id\": ".getBytes(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(false, body.getBoolean("status"));
    assertEquals("INVALID_PARAMETERS", body.getString("status_code"));
    assertTrue(body.getString("msg").contains("JSON"), body.getString("msg"));
    HttpResponse<Buffer> array = acme.raw("/auth/room/create", "[1,2]".getBytes(StandardCharsets.UTF_8));
    assertEquals("INVALID_PARAMETERS", array.bodyAsJsonObject().getString("status_code"));
  }

  @Test
  void oversizedBodyIs413() {
    JsonObject body = createBody(roomId);
    body.getJsonObject("metadata").put("welcome_message", "x".repeat(5000)); // limit in TestConfigs: 4096
    HttpResponse<Buffer> r = acme.raw("/auth/room/create", body.encode().getBytes(StandardCharsets.UTF_8));
    assertEquals(413, r.statusCode());
    JsonObject answer = r.bodyAsJsonObject();
    assertEquals(false, answer.getBoolean("status"));
    assertEquals("request body exceeds the limit of 4096 bytes", answer.getString("msg"));
    assertFalse(acme.call("isRoomActive", roomIdBody(roomId)).getBoolean("is_active"));
  }

  // ---------------------------------------------------------------- tenants

  @Test
  void sameRoomIdUnderTwoTenantsIsTwoRooms() {
    String acmeSid = acme.call("create", createBody(roomId)).getJsonObject("room_info").getString("sid");
    assertFalse(globex.call("isRoomActive", roomIdBody(roomId)).getBoolean("is_active"));
    JsonObject notThere = globex.call("getActiveRoomInfo", roomIdBody(roomId));
    assertEquals(false, notThere.getBoolean("status"));
    assertEquals(false, globex.call("endRoom", roomIdBody(roomId)).getBoolean("status"));

    String globexSid = globex.call("create", createBody(roomId)).getJsonObject("room_info").getString("sid");
    assertNotEquals(acmeSid, globexSid);
    assertEquals(true, globex.call("endRoom", roomIdBody(roomId)).getBoolean("status"));
    assertTrue(acme.call("isRoomActive", roomIdBody(roomId)).getBoolean("is_active"));
    assertEquals(acmeSid, acme.call("getActiveRoomInfo", roomIdBody(roomId))
        .getJsonObject("room").getJsonObject("room_info").getString("sid"));
  }

  // ---------------------------------------------------------------- reads

  @Test
  void isRoomActiveReportsBothStates() {
    JsonObject before = acme.call("isRoomActive", roomIdBody(roomId));
    assertEquals(true, before.getBoolean("status"));
    assertEquals(false, before.getBoolean("is_active"));
    assertEquals("ROOM_NOT_FOUND", before.getString("status_code"));
    acme.call("create", createBody(roomId));
    JsonObject after = acme.call("isRoomActive", roomIdBody(roomId));
    assertEquals(true, after.getBoolean("is_active"));
    assertEquals("room is active", after.getString("msg"));
    assertEquals("SUCCESS", after.getString("status_code"));
  }

  @Test
  void activeRoomInfoListsParticipantsAsLiveKitReportsThem() {
    acme.call("create", createBody(roomId));
    addParticipant("acme:" + roomId, "alice", "Alice");
    // presence comes from LiveKit's webhook (or the background repair of the room's first read): reads never wait
    JsonObject[] answer = new JsonObject[1];
    io.roomgate.testsupport.Eventually.await("alice shows up", () -> {
      answer[0] = acme.call("getActiveRoomInfo", roomIdBody(roomId));
      return answer[0].getJsonObject("room") != null
          && answer[0].getJsonObject("room").getJsonArray("participants_info").size() == 1;
    });
    JsonObject r = answer[0];
    assertEquals(true, r.getBoolean("status"), r.encode());
    JsonObject room = r.getJsonObject("room");
    assertEquals(roomId, room.getJsonObject("room_info").getString("room_id"));
    assertEquals(1, room.getJsonObject("room_info").getInteger("joined_participants"));
    JsonObject alice = room.getJsonArray("participants_info").getJsonObject(0);
    assertEquals("alice", alice.getString("identity"));
    assertEquals("Alice", alice.getString("name"));
    assertEquals("ACTIVE", alice.getString("state"));
    assertTrue(alice.getString("sid").startsWith("PA_"));
    assertTrue(alice.getValue("joined_at") instanceof Number);
    assertTrue(alice.getValue("version") instanceof Number);
    assertEquals(true, alice.getJsonObject("permission").getBoolean("can_publish"));
  }

  @Test
  void activeRoomInfoOfUnknownRoom() {
    JsonObject r = acme.call("getActiveRoomInfo", roomIdBody(roomId));
    assertEquals(false, r.getBoolean("status"));
    assertEquals("room not found in active state", r.getString("msg"));
    assertEquals("ROOM_NOT_FOUND", r.getString("status_code"));
  }

  @Test
  void activeRoomsInfoListsOnlyTheTenantsRooms() {
    acme.call("create", createBody(roomId));
    acme.call("create", createBody(roomId + "b"));
    globex.call("create", createBody(roomId + "g"));
    Set<String> acmeIds = roomIds(acme.call("getActiveRoomsInfo", new JsonObject()));
    Set<String> globexIds = roomIds(globex.call("getActiveRoomsInfo", new JsonObject()));
    assertTrue(acmeIds.containsAll(Set.of(roomId, roomId + "b")), acmeIds.toString());
    assertFalse(acmeIds.contains(roomId + "g"), acmeIds.toString());
    assertTrue(globexIds.contains(roomId + "g"), globexIds.toString());
    assertFalse(globexIds.contains(roomId) || globexIds.contains(roomId + "b"), globexIds.toString());
  }

  private static Set<String> roomIds(JsonObject answer) {
    assertEquals(true, answer.getBoolean("status"), answer.encode());
    Set<String> ids = new HashSet<>();
    answer.getJsonArray("rooms").forEach(o -> ids.add(((JsonObject) o).getJsonObject("room_info").getString("room_id")));
    return ids;
  }

  // ---------------------------------------------------------------- join tokens

  @Test
  void joinTokenIsAcceptedByLiveKit() {
    acme.call("create", createBody(roomId));
    JsonObject r = acme.call("getJoinToken", new JsonObject().put("room_id", roomId).put("user_info",
        new JsonObject().put("name", "Bob").put("user_id", "bob").put("is_admin", true)));
    assertEquals(true, r.getBoolean("status"), r.encode());
    String token = r.getString("token");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1])));
    assertEquals("bob", claims.getString("sub"));
    assertEquals(TestConfigs.LIVEKIT_KEY, claims.getString("iss"));
    assertEquals("acme:" + roomId, claims.getJsonObject("video").getString("room"));
    assertEquals(true, claims.getJsonObject("video").getBoolean("roomJoin"));
    assertEquals(true, claims.getJsonObject("video").getBoolean("roomAdmin"));

    // join the simulated LiveKit with it, as a client would; the participant then shows up through the gateway
    HttpResponse<Buffer> join = web.post(gateway.liveKitPort(), "127.0.0.1", "/sim/join")
        .putHeader("Authorization", "Bearer " + token).send().await();
    assertEquals(200, join.statusCode(), join.bodyAsString());
    JsonArray[] seen = new JsonArray[1];
    io.roomgate.testsupport.Eventually.await("bob shows up", () -> {
      seen[0] = acme.call("getActiveRoomInfo", roomIdBody(roomId)).getJsonObject("room")
          .getJsonArray("participants_info");
      return seen[0].size() == 1;
    });
    JsonArray participants = seen[0];
    assertEquals("bob", participants.getJsonObject(0).getString("identity"));
    assertEquals("Bob", participants.getJsonObject(0).getString("name"));
  }

  @Test
  void joinTokenForUnknownRoom() {
    JsonObject r = acme.call("getJoinToken", new JsonObject().put("room_id", roomId).put("user_info",
        new JsonObject().put("name", "Bob").put("user_id", "bob")));
    assertEquals(false, r.getBoolean("status"));
    assertEquals("room is not active", r.getString("msg"));
    assertEquals("ROOM_NOT_FOUND", r.getString("status_code"));
  }

  // ---------------------------------------------------------------- end + past rooms

  @Test
  void endRoomDeletesItInLiveKitAndMovesItToPastRooms() {
    String sid = acme.call("create", createBody(roomId)).getJsonObject("room_info").getString("sid");
    addParticipant("acme:" + roomId, "carol", "Carol");
    JsonObject ended = acme.call("endRoom", roomIdBody(roomId));
    assertEquals(true, ended.getBoolean("status"), ended.encode());
    assertEquals("success", ended.getString("msg"));
    assertFalse(acme.call("isRoomActive", roomIdBody(roomId)).getBoolean("is_active"));
    // LiveKit no longer has it: adding a participant to it fails
    HttpResponse<Buffer> late = web.post(gateway.liveKitPort(), "127.0.0.1", "/sim/rooms/acme:" + roomId + "/participants")
        .putHeader("Authorization", TestJwt.simAdmin()).sendJsonObject(new JsonObject().put("identity", "late")).await();
    assertEquals(404, late.statusCode());

    JsonObject again = acme.call("endRoom", roomIdBody(roomId));
    assertEquals(false, again.getBoolean("status"));
    assertEquals("room not found or not active", again.getString("msg"));
    assertEquals("ROOM_NOT_FOUND", again.getString("status_code"));

    JsonObject past = acme.call("fetchPastRooms", new JsonObject().put("room_ids", new JsonArray().add(roomId)));
    assertEquals(true, past.getBoolean("status"), past.encode());
    JsonObject result = past.getJsonObject("result");
    assertEquals(1, result.getInteger("total_rooms"));
    JsonObject room = result.getJsonArray("rooms_list").getJsonObject(0);
    assertEquals(roomId, room.getString("room_id"));
    assertEquals(sid, room.getString("room_sid"));
    assertEquals("Demo " + roomId, room.getString("room_title"));
    assertFalse(room.getString("ended").isEmpty());
  }

  @Test
  void recreatingAnEndedRoomMakesANewSession() {
    String first = acme.call("create", createBody(roomId)).getJsonObject("room_info").getString("sid");
    acme.call("endRoom", roomIdBody(roomId));
    String second = acme.call("create", createBody(roomId)).getJsonObject("room_info").getString("sid");
    assertNotEquals(first, second);
  }

  @Test
  void fetchPastRoomsPagesAndOrders() {
    List<String> ids = List.of(roomId + "a", roomId + "b", roomId + "c");
    for (String id : ids) {
      acme.call("create", createBody(id));
      acme.call("endRoom", roomIdBody(id));
    }
    JsonArray filter = new JsonArray(new ArrayList<>(ids));
    JsonObject firstPage = acme.call("fetchPastRooms", new JsonObject().put("room_ids", filter)
        .put("from", 0).put("limit", 2).put("order_by", "ASC")).getJsonObject("result");
    assertEquals(3, firstPage.getInteger("total_rooms"));
    assertEquals(2, firstPage.getJsonArray("rooms_list").size());
    assertEquals(roomId + "a", firstPage.getJsonArray("rooms_list").getJsonObject(0).getString("room_id"));
    JsonObject secondPage = acme.call("fetchPastRooms", new JsonObject().put("room_ids", filter)
        .put("from", 2).put("limit", 2).put("order_by", "ASC")).getJsonObject("result");
    assertEquals(1, secondPage.getJsonArray("rooms_list").size());
    assertEquals(roomId + "c", secondPage.getJsonArray("rooms_list").getJsonObject(0).getString("room_id"));
    JsonObject newestFirst = acme.call("fetchPastRooms", new JsonObject().put("room_ids", filter)
        .put("limit", 1).put("order_by", "DESC")).getJsonObject("result");
    assertEquals(roomId + "c", newestFirst.getJsonArray("rooms_list").getJsonObject(0).getString("room_id"));

    JsonObject none = globex.call("fetchPastRooms", new JsonObject().put("room_ids", filter));
    assertEquals(false, none.getBoolean("status"));
    assertEquals("NOT_FOUND", none.getString("status_code"));
    assertInvalid("fetchPastRooms", new JsonObject().put("limit", 101), null);
  }

  // ---------------------------------------------------------------- LiveKit failures

  @Test
  void liveKitDownLeavesNoRoomBehind() {
    // a second gateway on the same store kind whose LiveKit does not listen
    GatewayConfig config = ConfigLoader.parse(TestConfigs.gateway(redisUrl,
        "http://127.0.0.1:" + io.roomgate.testsupport.FreePorts.next()).yaml());
    Gateway broken = Gateway.start(vertx, config).await();
    try {
      PlugNmeetTestClient client = new PlugNmeetTestClient(vertx, broken.apiPort(), TestConfigs.ACME_KEY,
          TestConfigs.ACME_SECRET);
      JsonObject r = client.call("create", createBody(roomId));
      assertEquals(false, r.getBoolean("status"));
      assertEquals("INTERNAL_SERVER_ERROR", r.getString("status_code"));
      assertEquals("failed to create room: LiveKit is unavailable, retry later", r.getString("msg"));
      assertFalse(client.call("isRoomActive", roomIdBody(roomId)).getBoolean("is_active"));
      assertFalse(acme.call("isRoomActive", roomIdBody(roomId)).getBoolean("is_active"));
    } finally {
      broken.close().await();
    }
  }

  // ---------------------------------------------------------------- the rest

  @Test
  void otherAuthPathsAreNotSupported() {
    for (String path : List.of("/auth/recording/fetch", "/auth/analytics/fetch", "/auth/artifact/fetch",
        "/auth/getClientFiles")) {
      HttpResponse<Buffer> r = acme.raw(path, "{}".getBytes(StandardCharsets.UTF_8));
      assertEquals(200, r.statusCode());
      JsonObject body = r.bodyAsJsonObject();
      assertEquals(false, body.getBoolean("status"));
      assertEquals(path + " is not supported by this gateway", body.getString("msg"));
      assertTrue(body.containsKey("status_code"));
    }
  }

  private void assertInvalid(String api, JsonObject body, String message) {
    JsonObject r = acme.call(api, body);
    assertEquals(false, r.getBoolean("status"), r.encode());
    assertEquals("INVALID_PARAMETERS", r.getString("status_code"));
    if (message != null) {
      assertEquals(message, r.getString("msg"));
    } else {
      assertTrue(r.getString("msg").startsWith("validation error: "), r.getString("msg"));
    }
  }

  private void addParticipant(String liveKitRoom, String identity, String name) {
    HttpResponse<Buffer> r = web.post(gateway.liveKitPort(), "127.0.0.1", "/sim/rooms/" + liveKitRoom + "/participants")
        .putHeader("Authorization", TestJwt.simAdmin()).sendJsonObject(new JsonObject().put("identity", identity).put("name", name)).await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }
}
