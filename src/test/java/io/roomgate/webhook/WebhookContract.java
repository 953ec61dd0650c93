package io.roomgate.webhook;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.NodeScript;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.roomgate.testsupport.TestJwt;
import io.roomgate.testsupport.WebhookReceiverServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks end to end through a real gateway and its embedded LiveKit simulator: LiveKit's webhooks in (verified,
 * deduplicated, applied to room state so reads need no LiveKit call), and tenant webhooks out (plugNmeet body and
 * signing, in order per room, retried until a receiver comes back). Runs once per store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhookContract {
  protected static final String TENANT_PATH = "/tenant-hooks";

  protected Vertx vertx;
  protected Gateway gateway;
  protected WebhookReceiverServer receiver;
  protected PlugNmeetTestClient acme;
  private WebClient web;
  protected String roomId;

  protected abstract String redisUrl();

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    receiver = WebhookReceiverServer.start(vertx);
    TestConfigs.GatewayYaml config = TestConfigs.gateway(redisUrl(), null)
        .withLiveKit("presence_max_age_ms: 600000")
        .withAcmeWebhook(receiver.url(TENANT_PATH))
        .withSection("webhooks: {backoff_initial_ms: 20, backoff_max_ms: 100, allow_networks: [127.0.0.0/8]}");
    gateway = Gateway.start(vertx, ConfigLoader.parse(config.yaml())).await();
    acme = new PlugNmeetTestClient(vertx, gateway.apiPort(), TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET);
    web = WebClient.create(vertx);
  }

  @AfterAll
  void stop() {
    gateway.close().await();
    receiver.close();
    vertx.close().await();
  }

  @BeforeEach
  void uniqueRoom(TestInfo info) {
    String name = info.getTestMethod().orElseThrow().getName();
    roomId = name.substring(0, Math.min(30, name.length())) + "-" + Long.toString(System.nanoTime(), 36);
    receiver.down(false);
  }

  private void createRoom(String roomWebhookPath) {
    JsonObject metadata = new JsonObject().put("room_title", "Hooks").put("room_features", new JsonObject());
    if (roomWebhookPath != null) {
      metadata.put("webhook_url", receiver.url(roomWebhookPath));
    }
    JsonObject r = acme.call("create", new JsonObject().put("room_id", roomId).put("metadata", metadata));
    assertEquals(true, r.getBoolean("status"), r.encode());
  }

  private String liveKitRoom() {
    return "acme:" + roomId;
  }

  private HttpResponse<Buffer> sim(String method, String path, JsonObject body) {
    var req = web.request(io.vertx.core.http.HttpMethod.valueOf(method), gateway.liveKitPort(), "127.0.0.1", path)
        .putHeader("Authorization", TestJwt.simAdmin());
    return (body == null ? req.send() : req.sendJsonObject(body)).await();
  }

  private long liveKitCalls(String method) {
    JsonObject calls = sim("GET", "/sim/stats", null).bodyAsJsonObject().getJsonObject("calls");
    return calls.getLong(method, 0L);
  }

  /** Until the background presence repairs that earlier reads queued have finished. */
  private void awaitRepairsDone() {
    Eventually.await("presence repairs done", () -> {
      String metrics = web.get(gateway.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
      return metrics.contains("\nroomgate_presence_repairs_pending 0.0")
          && metrics.contains("\nroomgate_presence_repairs_running 0.0");
    });
  }

  private JsonArray participants() {
    JsonObject r = acme.call("getActiveRoomInfo", new JsonObject().put("room_id", roomId));
    assertEquals(true, r.getBoolean("status"), r.encode());
    return r.getJsonObject("room").getJsonArray("participants_info");
  }

  private HttpResponse<Buffer> postWebhook(String body, String authorization) {
    var req = web.post(gateway.apiPort(), "127.0.0.1", "/webhook").putHeader("Content-Type", "application/webhook+json");
    if (authorization != null) {
      req.putHeader("Authorization", authorization);
    }
    return req.sendBuffer(Buffer.buffer(body)).await();
  }

  // ---------------------------------------------------------------- inbound

  @Test
  void forgedWebhooksAreRefusedWith403() {
    String body = new JsonObject().put("event", "room_started").put("id", "EV_forged").encode();
    assertEquals(403, postWebhook(body, null).statusCode());
    assertEquals(403, postWebhook(body, TestJwt.webhookToken(TestConfigs.LIVEKIT_KEY,
        "not-the-secret-0123456789abcdef0123456789", body)).statusCode());
    assertEquals(403, postWebhook(body, TestJwt.webhookToken("someone-else", TestConfigs.LIVEKIT_SECRET, body))
        .statusCode());
    // a valid token for other bytes
    assertEquals(403, postWebhook(body, TestJwt.webhookToken(TestConfigs.LIVEKIT_KEY, TestConfigs.LIVEKIT_SECRET,
        body + " ")).statusCode());
    assertEquals(200, postWebhook(body, "Bearer " + TestJwt.webhookToken(TestConfigs.LIVEKIT_KEY,
        TestConfigs.LIVEKIT_SECRET, body)).statusCode());
  }

  @Test
  void unparsableBodyIs422() {
    String body = "{\"event\": 42, \"room\": \"not an object\"}";
    assertEquals(422, postWebhook(body, TestJwt.webhookToken(TestConfigs.LIVEKIT_KEY, TestConfigs.LIVEKIT_SECRET,
        body)).statusCode());
  }

  @Test
  void participantsComeFromWebhooksWithoutALiveKitCallPerRead() {
    createRoom(null);
    assertTrue(participants().isEmpty()); // first read: queues one background sync with ListParticipants
    acme.call("getActiveRoomsInfo", new JsonObject()); // and one for each other room never read before
    awaitRepairsDone();
    long before = liveKitCalls("ListParticipants");
    assertEquals(200, sim("POST", "/sim/rooms/" + liveKitRoom() + "/participants",
        new JsonObject().put("identity", "ann").put("name", "Ann")).statusCode());
    Eventually.await("ann shows up", () -> participants().size() == 1);
    assertEquals(200, sim("POST", "/sim/rooms/" + liveKitRoom() + "/participants/ann/tracks",
        new JsonObject().put("type", "VIDEO").put("name", "cam")).statusCode());
    Eventually.await("ann's track shows up", () -> participants().getJsonObject(0).getJsonArray("tracks").size() == 1);
    assertEquals(204, sim("DELETE", "/sim/rooms/" + liveKitRoom() + "/participants/ann", null).statusCode());
    Eventually.await("ann leaves", () -> participants().isEmpty());
    for (int i = 0; i < 20; i++) {
      participants();
      assertEquals(true, acme.call("getActiveRoomsInfo", new JsonObject()).getBoolean("status"));
      assertEquals(true, acme.call("isRoomActive", new JsonObject().put("room_id", roomId)).getBoolean("is_active"));
    }
    assertEquals(before, liveKitCalls("ListParticipants"), "reads were served from the store");
  }

  @Test
  void duplicateEventsAreAppliedOnce() {
    createRoom(null);
    participants();
    awaitRepairsDone(); // the first read's background sync must not race the event (LiveKit does not know "dup")
    String body = new JsonObject().put("event", "participant_joined").put("id", "EV_dup_" + roomId)
        .put("room", new JsonObject().put("name", liveKitRoom()))
        .put("participant", new JsonObject().put("identity", "dup").put("sid", "PA_dup").put("state", "ACTIVE"))
        .encode();
    String token = TestJwt.webhookToken(TestConfigs.LIVEKIT_KEY, TestConfigs.LIVEKIT_SECRET, body);
    assertEquals("ok", postWebhook(body, token).bodyAsString());
    assertEquals("duplicate", postWebhook(body, token).bodyAsString());
    assertEquals(1, participants().size());
    // the tenant hears about it once
    Eventually.await("participant_joined delivered", () ->
        receiver.events(TENANT_PATH, roomId).contains("participant_joined"));
    assertEquals(1, receiver.events(TENANT_PATH, roomId).stream().filter("participant_joined"::equals).count());
  }

  @Test
  void aRoomLiveKitFinishesEndsHereToo() {
    createRoom(null);
    String token = TestJwt.sign(TestConfigs.LIVEKIT_SECRET, new JsonObject().put("iss", TestConfigs.LIVEKIT_KEY)
        .put("exp", System.currentTimeMillis() / 1000 + 60).put("video", new JsonObject().put("roomCreate", true)));
    HttpResponse<Buffer> deleted = web.post(gateway.liveKitPort(), "127.0.0.1", "/twirp/livekit.RoomService/DeleteRoom")
        .putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("room", liveKitRoom())).await();
    assertEquals(200, deleted.statusCode(), deleted.bodyAsString());
    Eventually.await("room ended", () -> !acme.call("isRoomActive", new JsonObject().put("room_id", roomId))
        .getBoolean("is_active"));
    JsonObject past = acme.call("fetchPastRooms", new JsonObject().put("room_ids", new JsonArray().add(roomId)));
    assertEquals(1, past.getJsonObject("result").getInteger("total_rooms"));
    Eventually.await("room_finished delivered", () -> receiver.events(TENANT_PATH, roomId).contains("room_finished"));
  }

  @Test
  void missedEventsAreRepairedByAFullSync() throws Exception {
    // a second gateway whose participant lists go stale after 300 ms, with LiveKit's webhooks switched off
    TestConfigs.GatewayYaml config = TestConfigs.gateway(redisUrl(), null).withLiveKit("presence_max_age_ms: 300");
    Gateway other = Gateway.start(vertx, ConfigLoader.parse(config.yaml())).await();
    try {
      PlugNmeetTestClient client = new PlugNmeetTestClient(vertx, other.apiPort(), TestConfigs.ACME_KEY,
          TestConfigs.ACME_SECRET);
      web.put(other.liveKitPort(), "127.0.0.1", "/sim/webhooks").putHeader("Authorization", TestJwt.simAdmin())
          .sendJsonObject(new JsonObject()
          .put("urls", new JsonArray())).await();
      client.call("create", new JsonObject().put("room_id", roomId).put("metadata",
          new JsonObject().put("room_title", "r").put("room_features", new JsonObject())));
      web.post(other.liveKitPort(), "127.0.0.1", "/sim/rooms/acme:" + roomId + "/participants")
          .putHeader("Authorization", TestJwt.simAdmin()).sendJsonObject(new JsonObject().put("identity", "quiet")).await();
      Eventually.await("the missed join is repaired", () -> client.call("getActiveRoomInfo",
          new JsonObject().put("room_id", roomId)).getJsonObject("room").getJsonArray("participants_info").size() == 1);
    } finally {
      other.close().await();
    }
  }

  // ---------------------------------------------------------------- outbound

  @Test
  void tenantGetsEveryEventInOrderSignedAsPlugNmeetDoes() throws Exception {
    createRoom("/room-hooks");
    sim("POST", "/sim/rooms/" + liveKitRoom() + "/participants", new JsonObject().put("identity", "bo").put("name", "Bo"));
    sim("POST", "/sim/rooms/" + liveKitRoom() + "/participants/bo/tracks", new JsonObject().put("type", "AUDIO"));
    sim("DELETE", "/sim/rooms/" + liveKitRoom() + "/participants/bo", null);
    Eventually.await("bo left", () -> receiver.events(TENANT_PATH, roomId).contains("participant_left"));
    assertEquals(true, acme.call("endRoom", new JsonObject().put("room_id", roomId)).getBoolean("status"));
    List<String> expected = List.of("room_created", "room_started", "participant_joined", "track_published",
        "participant_left", "room_finished");
    Eventually.await("all events at both URLs", () -> receiver.events(TENANT_PATH, roomId).size() >= expected.size()
        && receiver.events("/room-hooks", roomId).size() >= expected.size());
    assertEquals(expected, receiver.events(TENANT_PATH, roomId));
    assertEquals(expected, receiver.events("/room-hooks", roomId));

    WebhookReceiverServer.Delivery joined = receiver.at(TENANT_PATH).stream()
        .filter(d -> d.event().equals("participant_joined") && d.body().contains(roomId)).findFirst().orElseThrow();
    JsonObject body = joined.json();
    assertEquals("application/json", joined.contentType());
    assertEquals(roomId, body.getJsonObject("room").getString("room_id"));
    assertEquals("bo", body.getJsonObject("participant").getString("identity"));
    assertFalse(body.getString("id").isEmpty());

    // LiveKit's own WebhookReceiver accepts plugNmeet-style signatures made with the tenant's key and secret
    Path file = Files.createTempFile("hooks-", ".json");
    JsonArray hooks = new JsonArray();
    receiver.events(TENANT_PATH, roomId);
    receiver.at(TENANT_PATH).stream().filter(d -> d.body().contains(roomId)).forEach(d -> hooks.add(new JsonObject()
        .put("body", d.body()).put("authorization", d.authorization()).put("hashToken", d.hashToken())));
    Files.writeString(file, hooks.encode());
    NodeScript.Result r = NodeScript.run("webhook-verify.mjs", Map.of("WEBHOOKS_FILE", file.toString(),
        "API_KEY", TestConfigs.ACME_KEY, "API_SECRET", TestConfigs.ACME_SECRET));
    assertEquals(0, r.exitCode(), r.output());

    String metrics = web.get(gateway.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
    java.util.regex.Matcher delivered = java.util.regex.Pattern
        .compile("roomgate_webhook_deliveries_total\\{result=\"delivered\"} (\\d+)").matcher(metrics);
    assertTrue(delivered.find(), metrics);
    assertTrue(Double.parseDouble(delivered.group(1)) >= expected.size(), delivered.group());
  }

  @Test
  void aReceiverThatWasDownGetsEveryEventOnceItIsBack() {
    receiver.down(true);
    createRoom(null);
    for (String who : List.of("a1", "a2", "a3")) {
      sim("POST", "/sim/rooms/" + liveKitRoom() + "/participants", new JsonObject().put("identity", who));
    }
    int refusedBefore = receiver.refused();
    Eventually.await("the gateway keeps retrying", () -> receiver.refused() > refusedBefore + 2);
    assertTrue(receiver.events(TENANT_PATH, roomId).isEmpty());
    receiver.down(false);
    List<String> expected = List.of("room_created", "room_started", "participant_joined", "participant_joined",
        "participant_joined");
    Eventually.await("everything arrives", () -> receiver.events(TENANT_PATH, roomId).size() >= expected.size());
    assertEquals(expected, receiver.events(TENANT_PATH, roomId));
    List<String> who = receiver.at(TENANT_PATH).stream().filter(d -> d.body().contains(roomId)
            && d.event().equals("participant_joined"))
        .map(d -> d.json().getJsonObject("participant").getString("identity")).toList();
    assertEquals(List.of("a1", "a2", "a3"), who);
  }
}
