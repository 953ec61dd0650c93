package io.roomgate.api.tencent;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.GatewayConfig;
import io.roomgate.livekit.LiveKitClient;
import io.roomgate.testsupport.FreePorts;
import io.roomgate.testsupport.NodeScript;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TencentTestClient;
import io.roomgate.testsupport.UserSigs;
import io.roomgate.time.GatewayClock;
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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.roomgate.testsupport.TencentTestClient.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Tencent live-room command, success and failure, every authentication outcome, and the one room model
 * shared with plugNmeet, through a real gateway over HTTP backed by the embedded LiveKit simulator. Runs once per
 * room store ({@link TencentApiInMemoryTest}, {@link TencentApiRedisTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TencentApiContract {
  static final long ACME_APP = 1400000001L;
  static final String ACME_KEY = "acme-tencent-key-0123456789abcdef";
  static final long GLOBEX_APP = 1400000002L;
  static final String GLOBEX_KEY = "globex-tencent-key-fedcba9876543210";
  static final long LISTER_APP = 1400000003L;
  static final String LISTER_KEY = "lister-tencent-key-00000000000000";
  static final String PNM_KEY = "acme-pnm";
  static final String PNM_SECRET = "acme-pnm-secret-0123456789";
  /** Tenant {@code tiny}: both dialects, {@code max_active_rooms: 2}. */
  static final long TINY_APP = 1400000004L;
  static final String TINY_KEY = "tiny-tencent-key-0123456789abcdef";
  static final String TINY_PNM_KEY = "tiny-pnm";
  static final String TINY_PNM_SECRET = "tiny-pnm-secret-0123456789";
  static final String REQUEST_ID = "Id-[0-9a-f]{32}-O-Seq-[0-9]+";

  protected Vertx vertx;
  protected Gateway gateway;
  protected GatewayConfig config;
  protected TencentTestClient acme;
  protected TencentTestClient globex;
  protected PlugNmeetTestClient acmePnm;
  protected String roomId;

  /** {@code null} for the in-process store. */
  protected abstract String redisUrl();

  static String yaml(String redisUrl) {
    return """
        server: {host: 127.0.0.1, port: %d, max_body_bytes: 4096, warmup_seconds: 0, event_loops: 2}
        management: {host: 127.0.0.1, port: %d}
        %s
        livekit: {api_key: testkey, api_secret: test-secret-0123456789abcdef0123456789, embedded_port: %d, request_timeout_ms: 2000}
        rate_limit: {auth_failures: {burst: 100000}}   # this suite sends every UserSig failure on purpose
        tenants:
          - id: acme
            rate_limit: {qps: 100000, apis: {get_room_list: {qps: 100000}}}
            plugnmeet: {api_key: %s, api_secret: %s}
            tencent: {sdkappid: %d, secret_key: %s, admins: [administrator, ops]}
          - id: globex
            tencent: {sdkappid: %d, secret_key: %s, admins: [administrator]}
          - id: lister
            rate_limit: {qps: 100000, apis: {get_room_list: {qps: 100000}}}
            tencent: {sdkappid: %d, secret_key: %s, admins: [administrator]}
          - id: tiny
            max_active_rooms: 2
            rate_limit: {qps: 100000}
            plugnmeet: {api_key: %s, api_secret: %s}
            tencent: {sdkappid: %d, secret_key: %s, admins: [administrator]}
        """.formatted(FreePorts.next(), FreePorts.next(),
        io.roomgate.testsupport.TestConfigs.redisSection(redisUrl), FreePorts.next(),
        PNM_KEY, PNM_SECRET, ACME_APP, ACME_KEY, GLOBEX_APP, GLOBEX_KEY, LISTER_APP, LISTER_KEY,
        TINY_PNM_KEY, TINY_PNM_SECRET, TINY_APP, TINY_KEY);
  }

  @BeforeAll
  void startGateway() {
    vertx = Vertx.vertx();
    config = ConfigLoader.parse(yaml(redisUrl()));
    gateway = Gateway.start(vertx, config).await();
    acme = new TencentTestClient(vertx, gateway.apiPort(), ACME_APP, ACME_KEY, "administrator");
    globex = new TencentTestClient(vertx, gateway.apiPort(), GLOBEX_APP, GLOBEX_KEY, "administrator");
    acmePnm = new PlugNmeetTestClient(vertx, gateway.apiPort(), PNM_KEY, PNM_SECRET);
  }

  @AfterAll
  void stopGateway() {
    gateway.close().await();
    vertx.close().await();
  }

  @BeforeEach
  void uniqueRoom(TestInfo info) {
    String name = info.getTestMethod().orElseThrow().getName().replaceAll("[^a-zA-Z0-9]", "");
    roomId = name.substring(0, Math.min(name.length(), 30)) + "-" + Long.toString(System.nanoTime(), 36);
  }

  static JsonObject createBody(String roomId) {
    return new JsonObject().put("RoomInfo", new JsonObject()
        .put("RoomId", roomId)
        .put("RoomType", "Live")
        .put("RoomName", "Live " + roomId)
        .put("MaxMemberCount", 300)
        .put("CoverURL", "https://cdn.example/cover.png")
        .put("Category", new JsonArray().add(1).add(2).add(3))
        .put("IsSeatEnabled", true)
        .put("TakeSeatMode", "ApplyToTake")
        .put("MaxSeatCount", 8)
        .put("ActivityStatus", 1)
        .put("IsMessageDisabled", false)
        .put("IsPublicVisible", true)
        .put("SeatTemplate", "Karaoke"));
  }

  static JsonObject roomIdBody(String roomId) {
    return new JsonObject().put("RoomId", roomId);
  }

  @Test
  void getRoomListIsLimitedToTenPerSecondByDefaultWith60007() {
    // globex keeps the defaults: 200/s per app, 10/s (burst 10) for get_room_list
    int ok = 0;
    int limited = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 25; i++) {
      JsonObject r = globex.call("get_room_list", new JsonObject());
      if (r.getInteger("ErrorCode") == 0) {
        ok++;
      } else {
        assertFail(r, 60007);
        limited++;
      }
    }
    // at most the burst of 10 plus what refilled at 10/s while the calls ran (a loaded machine stretches them; other
    // tests may have spent part of the burst) gets through
    long refilled = (System.nanoTime() - start) * 10 / 1_000_000_000L + 1;
    assertTrue(ok >= 1 && ok <= 10 + refilled, "admitted " + ok + ", refilled at most " + refilled);
    assertTrue(limited >= 15 - refilled, "the rest is refused with 60007, got " + limited);
    // other commands of the same app draw from the 200/s app bucket, untouched by get_room_list's
    assertFail(globex.call("get_room_info", roomIdBody(roomId)), 100004);
  }

  static void assertOk(JsonObject r) {
    assertEquals("OK", r.getString("ActionStatus"), r.encode());
    assertEquals(0, r.getInteger("ErrorCode"), r.encode());
    assertEquals("", r.getString("ErrorInfo"));
    assertTrue(r.getString("RequestId").matches(REQUEST_ID), r.encode());
  }

  static void assertFail(JsonObject r, int code) {
    assertEquals("FAIL", r.getString("ActionStatus"), r.encode());
    assertEquals(code, r.getInteger("ErrorCode"), r.encode());
    assertFalse(r.getString("ErrorInfo").isEmpty(), r.encode());
    assertTrue(r.getString("RequestId").matches(REQUEST_ID), r.encode());
    assertNull(r.getValue("Response"), r.encode());
  }

  static void assertFail(JsonObject r, int code, String info) {
    assertFail(r, code);
    assertEquals(info, r.getString("ErrorInfo"), r.encode());
  }

  private JsonObject created() {
    JsonObject r = acme.call("create_room", createBody(roomId));
    assertOk(r);
    return r;
  }

  JsonObject roomInfo(TencentTestClient client, String id) {
    JsonObject r = client.call("get_room_info", roomIdBody(id));
    assertOk(r);
    return r.getJsonObject("Response").getJsonObject("RoomInfo");
  }

  // ---------------------------------------------------------------- envelope and URL

  @Test
  void answersAreHttp200JsonWithAUniqueRequestId() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      HttpResponse<Buffer> r = acme.raw(BASE + "get_room_info" + acme.query(UserSigs.fresh(ACME_APP, ACME_KEY,
          "administrator")), roomIdBody("nope").encode());
      assertEquals(200, r.statusCode());
      assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
      ids.add(r.bodyAsJsonObject().getString("RequestId"));
    }
    assertEquals(10, ids.size());
  }

  @Test
  void bodyMustBeAJsonObject() {
    String q = acme.query(UserSigs.fresh(ACME_APP, ACME_KEY, "administrator"));
    assertFail(TencentTestClient.ok(acme.raw(BASE + "get_room_info" + q, "")), 60003);
    assertFail(TencentTestClient.ok(acme.raw(BASE + "get_room_info" + q, "{\"RoomId\":")), 60003);
    assertFail(TencentTestClient.ok(acme.raw(BASE + "get_room_info" + q, "[1]")), 60003);
    assertOk(TencentTestClient.ok(acme.raw(BASE + "get_room_list" + q, " {} ")));
  }

  @Test
  void unknownCommandsAre60009WithOrWithoutAuthentication() {
    assertFail(acme.call("get_room_metadata", new JsonObject()), 60009);
    assertFail(TencentTestClient.ok(acme.raw(BASE + "nope", "{}")), 60009);
  }

  @Test
  void onlyPostIsServed() {
    WebClient web = WebClient.create(vertx);
    HttpResponse<Buffer> r = web.get(gateway.apiPort(), "127.0.0.1", BASE + "get_room_list"
        + acme.query(UserSigs.fresh(ACME_APP, ACME_KEY, "administrator"))).send().await();
    assertEquals(200, r.statusCode());
    assertFail(r.bodyAsJsonObject(), 60002);
  }

  @Test
  void oversizedBodiesAre60008() {
    JsonObject body = createBody(roomId);
    body.getJsonObject("RoomInfo").put("pad", "x".repeat(5000));
    assertFail(acme.call("create_room", body), 60008);
  }

  @Test
  void badQueryParameters() {
    String sig = TencentTestClient.enc(UserSigs.fresh(ACME_APP, ACME_KEY, "administrator"));
    Map<String, Integer> cases = Map.of(
        "?identifier=administrator&usersig=" + sig + "&random=1&contenttype=json", 60012,
        "?sdkappid=abc&identifier=administrator&usersig=" + sig + "&random=1&contenttype=json", 60006,
        "?sdkappid=1499999999&identifier=administrator&usersig=" + sig + "&random=1&contenttype=json", 60006,
        "?sdkappid=" + ACME_APP + "&usersig=" + sig + "&random=1&contenttype=json", 60004,
        "?sdkappid=" + ACME_APP + "&identifier=administrator&random=1&contenttype=json", 70002,
        "?sdkappid=" + ACME_APP + "&identifier=administrator&usersig=" + sig + "&contenttype=json", 60002,
        "?sdkappid=" + ACME_APP + "&identifier=administrator&usersig=" + sig + "&random=4294967296&contenttype=json", 60002,
        "?sdkappid=" + ACME_APP + "&identifier=administrator&usersig=" + sig + "&random=-1&contenttype=json", 60002,
        "?sdkappid=" + ACME_APP + "&identifier=administrator&usersig=" + sig + "&random=1&contenttype=xml", 60002,
        "?SDKAPPID=" + ACME_APP + "&identifier=administrator&usersig=" + sig + "&random=1&contenttype=json", 60012);
    cases.forEach((query, code) ->
        assertFail(TencentTestClient.ok(acme.raw(BASE + "get_room_list" + query, "{}")), code));
    // the boundaries of random are fine
    for (String random : List.of("0", "4294967295")) {
      assertOk(TencentTestClient.ok(acme.raw(BASE + "get_room_list?sdkappid=" + ACME_APP
          + "&identifier=administrator&usersig=" + sig + "&random=" + random + "&contenttype=json", "{}")));
    }
  }

  // ---------------------------------------------------------------- UserSig

  @Test
  void expiredUserSigIs70001() {
    long now = System.currentTimeMillis() / 1000;
    assertFail(acme.callWithSig("get_room_list",
        UserSigs.make(ACME_APP, ACME_KEY, "administrator", now - 100, 60), new JsonObject()), 70001);
  }

  @Test
  void unreadableUserSigIs70003() {
    assertFail(acme.callWithSig("get_room_list", "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy", new JsonObject()), 70003);
  }

  @Test
  void userSigOfAnotherAppsKeyIs70009() {
    JsonObject r = acme.callWithSig("get_room_list", UserSigs.fresh(ACME_APP, GLOBEX_KEY, "administrator"),
        new JsonObject());
    assertFail(r, 70009);
    assertTrue(r.getString("ErrorInfo").startsWith("UserSig verification failed"), r.encode());
  }

  @Test
  void userSigOfAnotherIdentifierIs70013() {
    assertFail(acme.callWithSig("get_room_list", UserSigs.fresh(ACME_APP, ACME_KEY, "ops"), new JsonObject()),
        70013);
  }

  @Test
  void userSigOfAnotherAppIs70014() {
    assertFail(acme.callWithSig("get_room_list", UserSigs.fresh(GLOBEX_APP, ACME_KEY, "administrator"),
        new JsonObject()), 70014);
  }

  @Test
  void nonAdminIdentifierIs60010() {
    TencentTestClient user = new TencentTestClient(vertx, gateway.apiPort(), ACME_APP, ACME_KEY, "alice");
    assertFail(user.call("get_room_list", new JsonObject()), 60010);
    assertFail(user.call("create_room", createBody(roomId)), 60010);
    assertFail(acme.call("get_room_info", roomIdBody(roomId)), 100004); // nothing was created
  }

  @Test
  void everyConfiguredAdminMayCall() {
    TencentTestClient ops = new TencentTestClient(vertx, gateway.apiPort(), ACME_APP, ACME_KEY, "ops");
    assertOk(ops.call("create_room", createBody(roomId)));
    assertEquals("ops", roomInfo(acme, roomId).getString("Owner_Account"));
  }

  @Test
  void userSigMadeByTheOfficialNodePackageIsAccepted() throws Exception {
    NodeScript.Result r = NodeScript.run("tencent-usersig.mjs", Map.of("SDKAPPID", String.valueOf(ACME_APP),
        "SECRET_KEY", ACME_KEY, "IDENTIFIER", "administrator", "EXPIRE", "3600"));
    assertEquals(0, r.exitCode(), r.output());
    assertOk(acme.callWithSig("get_room_list", r.output().trim(), new JsonObject()));
  }

  // ---------------------------------------------------------------- create_room

  @Test
  void createRoomAnswersTheRoomIdAndKeepsEveryField() {
    JsonObject r = created();
    assertEquals(new JsonObject().put("RoomId", roomId), r.getJsonObject("Response"));
    JsonObject info = roomInfo(acme, roomId);
    assertEquals(roomId, info.getString("RoomId"));
    assertEquals("Live " + roomId, info.getString("RoomName"));
    assertEquals("Live", info.getString("RoomType"));
    assertEquals("administrator", info.getString("Owner_Account")); // defaults to the caller
    assertTrue(info.getLong("CreateTime") > 1_700_000_000L);
    assertEquals(true, info.getBoolean("IsSeatEnabled"));
    assertEquals("ApplyToTake", info.getString("TakeSeatMode"));
    assertEquals(8, info.getInteger("MaxSeatCount"));
    assertEquals(300, info.getInteger("MaxMemberCount"));
    assertEquals(false, info.getBoolean("IsMessageDisabled"));
    assertEquals("https://cdn.example/cover.png", info.getString("CoverURL"));
    assertEquals(new JsonArray().add(1).add(2).add(3), info.getJsonArray("Category"));
    assertEquals(1, info.getInteger("ActivityStatus"));
    assertEquals(0, info.getInteger("ViewCount"));
    assertEquals(true, info.getBoolean("IsPublicVisible"));
    assertEquals("", info.getString("Notice"));
    assertEquals("Karaoke", info.getString("SeatTemplate"));
  }

  @Test
  void minimalCreateTakesTencentDefaults() {
    assertOk(acme.call("create_room", new JsonObject().put("RoomInfo",
        new JsonObject().put("RoomId", roomId).put("RoomType", "Live"))));
    JsonObject info = roomInfo(acme, roomId);
    assertEquals(roomId, info.getString("RoomName")); // RoomName defaults to RoomId
    assertEquals("FreeToTake", info.getString("TakeSeatMode"));
    assertEquals(false, info.getBoolean("IsSeatEnabled"));
    assertEquals(0, info.getInteger("MaxMemberCount"));
    assertEquals(new JsonArray(), info.getJsonArray("Category"));
    assertEquals(true, info.getBoolean("IsPublicVisible"));
  }

  @Test
  void createRoomValidationNamesTheField() {
    Map<JsonObject, String> cases = new java.util.LinkedHashMap<>();
    cases.put(new JsonObject(), "invalid parameter: RoomInfo: value is required");
    cases.put(info(i -> i.remove("RoomId")), "invalid parameter: RoomInfo.RoomId: value is required");
    cases.put(info(i -> i.remove("RoomType")), "invalid parameter: RoomInfo.RoomType: value is required");
    cases.put(info(i -> i.put("RoomType", "Conference")),
        "invalid parameter: RoomInfo.RoomType: value must be in list [Live]");
    cases.put(info(i -> i.put("RoomId", "r".repeat(49))),
        "invalid parameter: RoomInfo.RoomId: value length must be at most 48 bytes");
    cases.put(info(i -> i.put("RoomId", "has space")),
        "invalid parameter: RoomInfo.RoomId: RoomId should only contain printable ASCII characters without spaces");
    cases.put(info(i -> i.put("RoomName", "n".repeat(101))),
        "invalid parameter: RoomInfo.RoomName: value length must be at most 100 bytes");
    cases.put(info(i -> i.put("RoomName", "直".repeat(34))), // 34 characters, 102 bytes
        "invalid parameter: RoomInfo.RoomName: value length must be at most 100 bytes");
    cases.put(info(i -> i.put("CoverURL", "https://x/" + "c".repeat(191))),
        "invalid parameter: RoomInfo.CoverURL: value length must be at most 200 bytes");
    cases.put(info(i -> i.put("Category", new JsonArray().add(1).add(2).add(3).add(4))),
        "invalid parameter: RoomInfo.Category: value must contain no more than 3 item(s)");
    cases.put(info(i -> i.put("Category", new JsonArray().add("music"))),
        "invalid parameter: RoomInfo.Category[0]: value must be an integer");
    cases.put(info(i -> i.put("TakeSeatMode", "Anyone")),
        "invalid parameter: RoomInfo.TakeSeatMode: value must be in list [FreeToTake, ApplyToTake]");
    cases.put(info(i -> i.put("MaxMemberCount", 0)),
        "invalid parameter: RoomInfo.MaxMemberCount: must be greater than or equal to 1");
    cases.put(info(i -> i.put("IsPublicVisible", "yes")),
        "invalid parameter: RoomInfo.IsPublicVisible: value must be a boolean");
    cases.put(info(i -> i.put("Owner_Account", "bad account")),
        "invalid parameter: RoomInfo.Owner_Account: value should only contain ASCII letters (a-z A-Z), digits (0-9) or -_");
    cases.forEach((body, info) -> assertFail(acme.call("create_room", body), 100002, info));
    // a rejected create takes no once-per-second slot and creates nothing
    assertFail(acme.call("get_room_info", roomIdBody(roomId)), 100004);
    assertOk(acme.call("create_room", createBody(roomId)));
  }

  private JsonObject info(java.util.function.Consumer<JsonObject> edit) {
    JsonObject body = createBody(roomId);
    edit.accept(body.getJsonObject("RoomInfo"));
    return body;
  }

  @Test
  void theSameRoomIdAtMostOncePerSecondIs100012() {
    created();
    assertFail(acme.call("create_room", createBody(roomId)), 100012,
        "the same RoomId may be created at most once per second");
    // also after a destroy: the rule is about creates, not about the room being active
    assertOk(acme.call("destroy_room", roomIdBody(roomId)));
    assertFail(acme.call("create_room", createBody(roomId)), 100012);
    // per tenant: another app may create the same RoomId in that second
    assertOk(globex.call("create_room", createBody(roomId)));
  }

  @Test
  void anActiveRoomIdIs100003() {
    assertEquals(true, acmePnm.call("create", pnmCreateBody(roomId)).getBoolean("status"));
    assertFail(acme.call("create_room", createBody(roomId)), 100003, "RoomId already exists");
  }

  // ---------------------------------------------------------------- destroy_room

  @Test
  void destroyRoomEndsItInLiveKitAndTheStore() {
    created();
    LiveKitClient lk = new LiveKitClient(vertx, config.livekit(), "http://127.0.0.1:" + gateway.liveKitPort(),
        GatewayClock.SYSTEM);
    assertEquals(1, lk.listRooms(List.of("acme:" + roomId)).await().size());
    JsonObject r = acme.call("destroy_room", roomIdBody(roomId));
    assertOk(r);
    assertEquals(0, lk.listRooms(List.of("acme:" + roomId)).await().size());
    assertFail(acme.call("get_room_info", roomIdBody(roomId)), 100004);
    assertFail(acme.call("destroy_room", roomIdBody(roomId)), 100004);
    assertEquals(false, acmePnm.call("isRoomActive", new JsonObject().put("room_id", roomId)).getBoolean("is_active"));
    lk.close();
  }

  @Test
  void destroyRoomValidation() {
    assertFail(acme.call("destroy_room", new JsonObject()), 100002, "invalid parameter: RoomId: value is required");
    assertFail(acme.call("destroy_room", new JsonObject().put("RoomId", 12)), 100002,
        "invalid parameter: RoomId: value must be a string");
  }

  // ---------------------------------------------------------------- update_room_info

  @Test
  void updateRoomInfoPatchesOnlyWhatIsSent() {
    created();
    assertOk(acme.call("update_room_info", new JsonObject().put("RoomInfo", new JsonObject()
        .put("RoomId", roomId).put("RoomName", "Renamed").put("MaxMemberCount", 42)
        .put("Notice", "welcome").put("IsMessageDisabled", true).put("Category", new JsonArray().add(9)))));
    JsonObject info = roomInfo(acme, roomId);
    assertEquals("Renamed", info.getString("RoomName"));
    assertEquals(42, info.getInteger("MaxMemberCount"));
    assertEquals("welcome", info.getString("Notice"));
    assertEquals(true, info.getBoolean("IsMessageDisabled"));
    assertEquals(new JsonArray().add(9), info.getJsonArray("Category"));
    // untouched
    assertEquals("https://cdn.example/cover.png", info.getString("CoverURL"));
    assertEquals("ApplyToTake", info.getString("TakeSeatMode"));
    assertEquals("administrator", info.getString("Owner_Account"));
    // and plugNmeet sees the same room: title in room_info and in the LiveKit metadata
    JsonObject pnm = acmePnm.call("getActiveRoomInfo", new JsonObject().put("room_id", roomId))
        .getJsonObject("room").getJsonObject("room_info");
    assertEquals("Renamed", pnm.getString("room_title"));
    assertEquals(42, pnm.getInteger("max_participants"));
    assertEquals("Renamed", new JsonObject(pnm.getString("metadata")).getString("room_title"));
  }

  @Test
  void updateRoomInfoFailures() {
    assertFail(acme.call("update_room_info", new JsonObject().put("RoomInfo",
        new JsonObject().put("RoomId", roomId).put("RoomName", "x"))), 100004);
    assertFail(acme.call("update_room_info", new JsonObject().put("RoomInfo", new JsonObject())), 100002,
        "invalid parameter: RoomInfo.RoomId: value is required");
    created();
    assertFail(acme.call("update_room_info", new JsonObject().put("RoomInfo",
        new JsonObject().put("RoomId", roomId).put("Notice", "n".repeat(101)))), 100002,
        "invalid parameter: RoomInfo.Notice: value length must be at most 100 bytes");
    assertFail(acme.call("update_room_info", new JsonObject().put("RoomInfo",
        new JsonObject().put("RoomId", roomId).put("Notice", "é".repeat(51)))), 100002,
        "invalid parameter: RoomInfo.Notice: value length must be at most 100 bytes");
    assertEquals("", roomInfo(acme, roomId).getString("Notice"));
  }

  // ---------------------------------------------------------------- get_room_info

  @Test
  void getRoomInfoFailures() {
    assertFail(acme.call("get_room_info", roomIdBody(roomId)), 100004);
    assertFail(acme.call("get_room_info", new JsonObject()), 100002, "invalid parameter: RoomId: value is required");
  }

  // ---------------------------------------------------------------- get_room_list

  @Test
  void getRoomListPagesWithNextAndCount() {
    TencentTestClient lister = new TencentTestClient(vertx, gateway.apiPort(), LISTER_APP, LISTER_KEY,
        "administrator");
    Set<String> visible = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      String id = roomId + "-" + i;
      assertOk(lister.call("create_room", createBody(id)));
      visible.add(id);
    }
    JsonObject hidden = createBody(roomId + "-hidden");
    hidden.getJsonObject("RoomInfo").put("IsPublicVisible", false);
    assertOk(lister.call("create_room", hidden));

    List<String> seen = new ArrayList<>();
    String next = "";
    int pages = 0;
    do {
      JsonObject r = lister.call("get_room_list", new JsonObject().put("Next", next).put("Count", 2));
      assertOk(r);
      JsonArray list = r.getJsonObject("Response").getJsonArray("RoomList");
      assertTrue(list.size() <= 2);
      for (Object o : list) {
        JsonObject room = (JsonObject) o;
        seen.add(room.getString("RoomId"));
        assertEquals("Live " + room.getString("RoomId"), room.getString("RoomName"));
        assertEquals("administrator", room.getString("Owner_Account"));
        assertEquals("https://cdn.example/cover.png", room.getString("CoverURL"));
        assertEquals(new JsonArray().add(1).add(2).add(3), room.getJsonArray("Category"));
        assertTrue(room.getLong("CreateTime") > 1_700_000_000L);
        assertEquals(1, room.getInteger("ActivityStatus"));
        assertEquals(0, room.getInteger("ViewCount"));
      }
      next = r.getJsonObject("Response").getString("Next");
      pages++;
    } while (!next.isEmpty() && pages < 10);
    assertEquals(3, pages);
    assertEquals(5, seen.size(), seen.toString());
    assertEquals(visible, new HashSet<>(seen)); // each once, the hidden room not at all

    // default page size: everything fits in 20
    JsonObject all = lister.call("get_room_list", new JsonObject());
    assertEquals(5, all.getJsonObject("Response").getJsonArray("RoomList").size());
    assertEquals("", all.getJsonObject("Response").getString("Next"));
  }

  @Test
  void getRoomListValidation() {
    assertFail(acme.call("get_room_list", new JsonObject().put("Count", 21)), 100002,
        "invalid parameter: Count: must be greater than or equal to 1 and less than or equal to 20");
    assertFail(acme.call("get_room_list", new JsonObject().put("Count", 0)), 100002,
        "invalid parameter: Count: must be greater than or equal to 1 and less than or equal to 20");
    assertFail(acme.call("get_room_list", new JsonObject().put("Next", 5)), 100002,
        "invalid parameter: Next: value must be a string");
    assertFail(acme.call("get_room_list", new JsonObject().put("Next", "not a cursor!")), 100002,
        "invalid parameter: Next: value is not a cursor returned by get_room_list");
  }

  // ---------------------------------------------------------------- one room model

  static JsonObject pnmCreateBody(String roomId) {
    return new JsonObject().put("room_id", roomId).put("max_participants", 25)
        .put("metadata", new JsonObject().put("room_title", "PNM " + roomId)
            .put("room_features", new JsonObject().put("allow_webcams", true)));
  }

  @Test
  void aTencentRoomReadsSensiblyThroughPlugNmeet() {
    created();
    JsonObject tc = roomInfo(acme, roomId);
    JsonObject pnm = acmePnm.call("getActiveRoomInfo", new JsonObject().put("room_id", roomId))
        .getJsonObject("room").getJsonObject("room_info");
    assertEquals(roomId, pnm.getString("room_id"));
    assertEquals("Live " + roomId, pnm.getString("room_title"));
    assertEquals(300, pnm.getInteger("max_participants"));
    assertEquals(tc.getLong("CreateTime"), pnm.getLong("creation_time"));
    assertEquals(true, pnm.getBoolean("is_running"));
    assertTrue(pnm.getString("sid").startsWith("RM_"));
    JsonObject metadata = new JsonObject(pnm.getString("metadata"));
    assertEquals("Live " + roomId, metadata.getString("room_title"));
    // complete plugNmeet metadata, so plugNmeet clients can read it
    assertEquals(true, metadata.getJsonObject("room_features").getJsonObject("chat_features").getBoolean("allow_chat"));
    // plugNmeet controls it too
    assertEquals(true, acmePnm.call("endRoom", new JsonObject().put("room_id", roomId)).getBoolean("status"));
    assertFail(acme.call("get_room_info", roomIdBody(roomId)), 100004);
  }

  @Test
  void aPlugNmeetRoomReadsSensiblyThroughTencent() {
    JsonObject pnm = acmePnm.call("create", pnmCreateBody(roomId)).getJsonObject("room_info");
    JsonObject tc = roomInfo(acme, roomId);
    assertEquals(roomId, tc.getString("RoomId"));
    assertEquals("PNM " + roomId, tc.getString("RoomName"));
    assertEquals(25, tc.getInteger("MaxMemberCount"));
    assertEquals(pnm.getLong("creation_time"), tc.getLong("CreateTime"));
    assertEquals("Live", tc.getString("RoomType"));
    assertEquals(true, tc.getBoolean("IsPublicVisible"));
    boolean listed = acme.call("get_room_list", new JsonObject()).getJsonObject("Response").getJsonArray("RoomList")
        .stream().anyMatch(o -> roomId.equals(((JsonObject) o).getString("RoomId")));
    // the list is paged in room id order; the room is on the first page only if few rooms sort before it
    if (!listed) {
      listed = findInList(acme, roomId);
    }
    assertTrue(listed);
    // Tencent controls it too
    assertOk(acme.call("update_room_info", new JsonObject().put("RoomInfo",
        new JsonObject().put("RoomId", roomId).put("RoomName", "Renamed by Tencent"))));
    assertEquals("Renamed by Tencent", acmePnm.call("getActiveRoomInfo", new JsonObject().put("room_id", roomId))
        .getJsonObject("room").getJsonObject("room_info").getString("room_title"));
    assertOk(acme.call("destroy_room", roomIdBody(roomId)));
    assertEquals(false, acmePnm.call("isRoomActive", new JsonObject().put("room_id", roomId)).getBoolean("is_active"));
  }

  private static boolean findInList(TencentTestClient client, String id) {
    String next = "";
    do {
      JsonObject resp = client.call("get_room_list", new JsonObject().put("Next", next)).getJsonObject("Response");
      if (resp.getJsonArray("RoomList").stream().anyMatch(o -> id.equals(((JsonObject) o).getString("RoomId")))) {
        return true;
      }
      next = resp.getString("Next");
    } while (!next.isEmpty());
    return false;
  }

  @Test
  void anotherAppCannotSeeOrControlTheRoom() {
    created();
    assertFail(globex.call("get_room_info", roomIdBody(roomId)), 100004);
    assertFail(globex.call("destroy_room", roomIdBody(roomId)), 100004);
    assertFail(globex.call("update_room_info", new JsonObject().put("RoomInfo",
        new JsonObject().put("RoomId", roomId).put("RoomName", "hijacked"))), 100004);
    assertFalse(findInList(globex, roomId));
    assertEquals("Live " + roomId, roomInfo(acme, roomId).getString("RoomName"));
  }

  // ---------------------------------------------------------------- max_active_rooms

  @Test
  void maxActiveRoomsBoundsTheTenantInBothDialectsAndNoOtherTenant() {
    TencentTestClient tiny = new TencentTestClient(vertx, gateway.apiPort(), TINY_APP, TINY_KEY, "administrator");
    PlugNmeetTestClient tinyPnm = new PlugNmeetTestClient(vertx, gateway.apiPort(), TINY_PNM_KEY, TINY_PNM_SECRET);
    try {
      String viaTencent = roomId + "-t";
      String viaPnm = roomId + "-p";
      assertOk(tiny.call("create_room", createBody(viaTencent)));
      assertEquals(true, tinyPnm.call("create", pnmCreateBody(viaPnm)).getBoolean("status"));

      // the third room is refused in each dialect, in its own words, and nothing is created
      String extra = roomId + "-x";
      assertFail(tiny.call("create_room", createBody(extra)), 100007,
          "too many active rooms: the tenant's max_active_rooms is 2; end a room before creating another");
      JsonObject pnmRefused = tinyPnm.call("create", pnmCreateBody(extra));
      assertEquals(false, pnmRefused.getBoolean("status"), pnmRefused.encode());
      assertEquals("PERMISSION_DENIED", pnmRefused.getString("status_code"));
      assertEquals("too many active rooms: the tenant's max_active_rooms is 2; end a room before creating another",
          pnmRefused.getString("msg"));
      assertFail(tiny.call("get_room_info", roomIdBody(extra)), 100004);
      assertEquals(false, tinyPnm.call("isRoomActive", new JsonObject().put("room_id", extra)).getBoolean("is_active"));
      assertFalse(liveKitHasRoom("tiny:" + extra), "LiveKit has no room for the refused create");

      // re-creating an active room is not a new room: plugNmeet's idempotent create still answers it
      JsonObject again = tinyPnm.call("create", pnmCreateBody(viaPnm));
      assertEquals(true, again.getBoolean("status"), again.encode());
      assertEquals(viaPnm, again.getJsonObject("room_info").getString("room_id"));
      // and Tencent's create of an active RoomId stays 100003, not the limit
      assertFail(tiny.call("create_room", createBody(viaPnm)), 100003);

      // another tenant is not limited by tiny's count
      assertOk(acme.call("create_room", createBody(roomId)));

      // ending a room frees its slot
      assertOk(tiny.call("destroy_room", roomIdBody(viaTencent)));
      assertEquals(true, tinyPnm.call("create", pnmCreateBody(extra)).getBoolean("status"));
      assertOk(tiny.call("destroy_room", roomIdBody(viaPnm)));
      assertOk(tiny.call("destroy_room", roomIdBody(extra)));
    } finally {
      tiny.close();
      tinyPnm.close();
    }
  }

  /** Asks the embedded LiveKit (ListRooms over Twirp) whether it holds {@code name}. */
  private boolean liveKitHasRoom(String name) {
    long now = System.currentTimeMillis() / 1000;
    String token = io.roomgate.testsupport.TestJwt.sign("test-secret-0123456789abcdef0123456789", new JsonObject()
        .put("iss", "testkey").put("nbf", now).put("exp", now + 60).put("video", new JsonObject().put("roomList", true)));
    io.vertx.ext.web.client.WebClient web = io.vertx.ext.web.client.WebClient.create(vertx);
    try {
      JsonObject rooms = web.post(gateway.liveKitPort(), "127.0.0.1", "/twirp/livekit.RoomService/ListRooms")
          .putHeader("Authorization", "Bearer " + token)
          .sendJsonObject(new JsonObject().put("names", new JsonArray().add(name))).await().bodyAsJsonObject();
      return !rooms.getJsonArray("rooms", new JsonArray()).isEmpty();
    } finally {
      web.close();
    }
  }

  /**
   * {@code curl -d} sends {@code application/x-www-form-urlencoded}; the body is JSON all the same, and a {@code %}
   * in it must not make the gateway decode it as a form (which failed with 60002 before).
   */
  @Test
  void bodiesAreJsonWhateverTheContentTypeSays() {
    String id = "form" + System.nanoTime();
    JsonObject created = acme.callAsForm("create_room", new JsonObject().put("RoomInfo",
        new JsonObject().put("RoomId", id).put("RoomType", "Live").put("RoomName", "100% sure %zz")));
    assertEquals(0, created.getInteger("ErrorCode"), created.encode());
    JsonObject info = acme.callAsForm("get_room_info", new JsonObject().put("RoomId", id));
    assertEquals("100% sure %zz", info.getJsonObject("Response").getJsonObject("RoomInfo").getString("RoomName"));
    byte[] body = new JsonObject().put("room_id", id).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int status = io.vertx.ext.web.client.WebClient.create(vertx).post(gateway.apiPort(), "127.0.0.1",
            "/auth/room/isRoomActive")
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .putHeader("API-KEY", PNM_KEY)
        .putHeader("HASH-SIGNATURE", io.roomgate.testsupport.PlugNmeetTestClient.sign(PNM_SECRET, body))
        .sendBuffer(io.vertx.core.buffer.Buffer.buffer(body)).await().statusCode();
    assertEquals(200, status);
    acme.call("destroy_room", new JsonObject().put("RoomId", id));
  }
}
