package io.roomgate.api;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.room.RoomLimits;
import io.roomgate.testsupport.FreePorts;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TencentTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The documented maximum of every free-text field and of the room metadata (README "Input limits and quotas"),
 * through a real gateway in both dialects, with the default body limit (1 MiB) so that only these limits decide:
 * each over-long value is refused with the field named, and nothing changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputLimitsTest {
  private static final long APP = 1400000009L;
  private static final String TENCENT_KEY = "limits-tencent-key-0123456789abcdef";
  private static final String PNM_KEY = "limits-pnm";
  private static final String PNM_SECRET = "limits-pnm-secret-0123456789";

  private Vertx vertx;
  private Gateway gateway;
  private PlugNmeetTestClient pnm;
  private TencentTestClient tencent;
  private String roomId;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    String yaml = """
        server: {host: 127.0.0.1, port: %d, warmup_seconds: 0, event_loops: 1}
        management: {host: 127.0.0.1, port: %d}
        livekit: {api_key: testkey, api_secret: test-secret-0123456789abcdef0123456789, embedded_port: %d}
        tenants:
          - id: limits
            rate_limit: {qps: 100000}
            plugnmeet: {api_key: %s, api_secret: %s}
            tencent: {sdkappid: %d, secret_key: %s, admins: [administrator]}
        """.formatted(FreePorts.next(), FreePorts.next(), FreePorts.next(), PNM_KEY, PNM_SECRET, APP, TENCENT_KEY);
    gateway = Gateway.start(vertx, ConfigLoader.parse(yaml)).await();
    pnm = new PlugNmeetTestClient(vertx, gateway.apiPort(), PNM_KEY, PNM_SECRET);
    tencent = new TencentTestClient(vertx, gateway.apiPort(), APP, TENCENT_KEY, "administrator");
  }

  @AfterAll
  void stop() {
    gateway.close().await();
    vertx.close().await();
  }

  @BeforeEach
  void uniqueRoom(TestInfo info) {
    // one length for every test, so that serialized metadata sizes compare across rooms
    roomId = "lim-" + Long.toString(System.nanoTime(), 36);
  }

  private static JsonObject pnmCreate(String roomId, Consumer<JsonObject> editMetadata) {
    JsonObject metadata = new JsonObject().put("room_title", "T")
        .put("room_features", new JsonObject().put("allow_webcams", true));
    editMetadata.accept(metadata);
    return new JsonObject().put("room_id", roomId).put("metadata", metadata);
  }

  private static void assertInvalid(JsonObject answer, String msg) {
    assertEquals(false, answer.getBoolean("status"), answer.encode());
    assertEquals("INVALID_PARAMETERS", answer.getString("status_code"), answer.encode());
    assertEquals(msg, answer.getString("msg"));
  }

  private static void assertTencentInvalid(JsonObject answer, String info) {
    assertEquals("FAIL", answer.getString("ActionStatus"), answer.encode());
    assertEquals(100002, answer.getInteger("ErrorCode"), answer.encode());
    assertEquals(info, answer.getString("ErrorInfo"));
  }

  private boolean active(String id) {
    return pnm.call("isRoomActive", new JsonObject().put("room_id", id)).getBoolean("is_active");
  }

  // ---------------------------------------------------------------- room metadata: 64,000 bytes serialized

  @Test
  void roomMetadataIsAtMost64000BytesAsLiveKitReceivesIt() {
    // The metadata LiveKit receives is the request's, with plugNmeet's defaults merged, serialized. Measure the
    // overhead once with a small filler (an unknown field, which plugNmeet keeps), then aim at the limit exactly.
    JsonObject probe = pnm.call("create", pnmCreate(roomId + "-p", m -> m.put("notes", "")));
    assertEquals(true, probe.getBoolean("status"), probe.encode());
    String stored = probe.getJsonObject("room_info").getString("metadata");
    int overhead = stored.getBytes(StandardCharsets.UTF_8).length;

    String atLimit = roomId + "-a"; // room ids of the probe's length: the same serialized overhead
    String overLimit = roomId + "-b";
    // 'é' is two bytes: the limit counts UTF-8 bytes, not characters
    int fill = RoomLimits.MAX_METADATA_BYTES - overhead;
    String filler = "é".repeat(fill / 2) + "x".repeat(fill % 2);
    JsonObject ok = pnm.call("create", pnmCreate(atLimit, m -> m.put("notes", filler)));
    assertEquals(true, ok.getBoolean("status"), () -> ok.getString("msg"));
    assertEquals(RoomLimits.MAX_METADATA_BYTES,
        ok.getJsonObject("room_info").getString("metadata").getBytes(StandardCharsets.UTF_8).length);

    assertInvalid(pnm.call("create", pnmCreate(overLimit, m -> m.put("notes", filler + "x"))),
        "validation error: metadata: serialized size must be at most 64000 bytes, was 64001");
    assertEquals(false, active(overLimit), "a refused create creates nothing");
  }

  @Test
  void aTencentRenameCannotPushARoomsMetadataPastTheLimit() {
    JsonObject probe = pnm.call("create", pnmCreate(roomId + "-p", m -> m.put("notes", "")));
    int overhead = probe.getJsonObject("room_info").getString("metadata").getBytes(StandardCharsets.UTF_8).length;
    String full = roomId + "-f";
    // 10 bytes of head room: "T" -> a 100-byte name needs 99 more
    JsonObject created = pnm.call("create", pnmCreate(full,
        m -> m.put("notes", "x".repeat(RoomLimits.MAX_METADATA_BYTES - overhead - 10))));
    assertEquals(true, created.getBoolean("status"), () -> created.getString("msg"));
    assertTencentInvalid(tencent.call("update_room_info", new JsonObject().put("RoomInfo",
            new JsonObject().put("RoomId", full).put("RoomName", "n".repeat(100)))),
        "invalid parameter: RoomInfo.RoomName: with this name the room's metadata would exceed 64000 bytes");
    JsonObject info = tencent.call("get_room_info", new JsonObject().put("RoomId", full));
    assertEquals("T", info.getJsonObject("Response").getJsonObject("RoomInfo").getString("RoomName"), "unchanged");
    // a name that fits is taken
    assertEquals(0, tencent.call("update_room_info", new JsonObject().put("RoomInfo",
        new JsonObject().put("RoomId", full).put("RoomName", "n".repeat(10)))).getInteger("ErrorCode"));
  }

  // ---------------------------------------------------------------- plugNmeet free-text fields

  @Test
  void plugNmeetCreateFieldsHaveTheirMaximum() {
    Map<JsonObject, String> cases = new LinkedHashMap<>();
    cases.put(pnmCreate(roomId, m -> m.put("room_title", "t".repeat(257))),
        "validation error: metadata.room_title: value length must be at most 256 characters");
    cases.put(pnmCreate(roomId, m -> m.put("welcome_message", "w".repeat(4097))),
        "validation error: metadata.welcome_message: value length must be at most 4096 characters");
    cases.put(pnmCreate(roomId, m -> m.put("logout_url", "https://app.example/" + "l".repeat(1005))),
        "validation error: metadata.logout_url: value length must be at most 1024 characters");
    // far longer: still the field's error, never the URI regex's stack overflow (a 500 before the limit)
    cases.put(pnmCreate(roomId, m -> m.put("webhook_url", "https://app.example/?q=" + "w".repeat(200_000))),
        "validation error: metadata.webhook_url: value length must be at most 1024 characters");
    cases.put(pnmCreate(roomId, m -> m.getJsonObject("room_features").put("whiteboard_features",
            new JsonObject().put("preload_file", "https://app.example/" + "p".repeat(1005)))),
        "validation error: metadata.room_features.whiteboard_features.preload_file: value length must be at most 1024 characters");
    cases.put(pnmCreate(roomId, m -> m.put("logout_url", "not a uri")),
        "validation error: metadata.logout_url: value must be a valid URI");
    cases.put(new JsonObject().put("room_id", "r".repeat(65)).put("metadata", pnmCreate(roomId, m -> { })
            .getJsonObject("metadata")),
        "validation error: room_id: value length must be at most 64 characters");
    cases.forEach((body, msg) -> assertInvalid(pnm.call("create", body), msg));
    assertEquals(false, active(roomId));
    // at each maximum, the room is created
    JsonObject atMax = pnm.call("create", pnmCreate(roomId, m -> m.put("room_title", "t".repeat(256))
        .put("welcome_message", "w".repeat(4096)).put("logout_url", "https://app.example/" + "l".repeat(1004))));
    assertEquals(true, atMax.getBoolean("status"), () -> atMax.getString("msg"));
  }

  @Test
  void joinTokenFieldsHaveTheirMaximum() {
    assertEquals(true, pnm.call("create", pnmCreate(roomId, m -> { })).getBoolean("status"));
    Map<JsonObject, String> cases = new LinkedHashMap<>();
    cases.put(join(u -> u.put("name", "n".repeat(257))),
        "validation error: user_info.name: value length must be at most 256 bytes");
    cases.put(join(u -> u.put("name", "房".repeat(86))), // 86 characters, 258 bytes
        "validation error: user_info.name: value length must be at most 256 bytes");
    cases.put(join(u -> u.put("user_metadata", new JsonObject().put("profile_pic", "p".repeat(1025)))),
        "validation error: user_info.user_metadata.profile_pic: value length must be at most 1024 characters");
    cases.put(join(u -> u.put("user_metadata", new JsonObject().put("extra_data", "e".repeat(4097)))),
        "validation error: user_info.user_metadata.extra_data: value length must be at most 4096 characters");
    cases.put(join(u -> u.put("user_id", "u".repeat(65))),
        "validation error: user_info.user_id: value length must be at most 64 characters");
    JsonObject bigMetadata = new JsonObject().put("custom", "c".repeat(RoomLimits.MAX_PARTICIPANT_METADATA_BYTES));
    int bigBytes = bigMetadata.copy().put("is_admin", false).put("is_hidden", false).encode().length();
    cases.put(join(u -> u.put("user_metadata", bigMetadata)),
        "validation error: user_info.user_metadata: serialized size must be at most 16000 bytes, was " + bigBytes);
    cases.forEach((body, msg) -> assertInvalid(pnm.call("getJoinToken", body), msg));
    JsonObject atMax = pnm.call("getJoinToken", join(u -> u.put("name", "房".repeat(85)))); // 255 bytes
    assertEquals(true, atMax.getBoolean("status"), () -> atMax.getString("msg"));
  }

  private JsonObject join(Consumer<JsonObject> editUser) {
    JsonObject user = new JsonObject().put("name", "Ada").put("user_id", "ada");
    editUser.accept(user);
    return new JsonObject().put("room_id", roomId).put("user_info", user);
  }

  @Test
  void fetchPastRoomsTakesAtMostOneHundredRoomIds() {
    JsonArray ids = new JsonArray();
    for (int i = 0; i < 101; i++) {
      ids.add("r" + i);
    }
    assertInvalid(pnm.call("fetchPastRooms", new JsonObject().put("room_ids", ids)),
        "validation error: room_ids: value must contain no more than 100 item(s)");
    ids.remove(100);
    assertEquals("NOT_FOUND", pnm.call("fetchPastRooms", new JsonObject().put("room_ids", ids))
        .getString("status_code"), "100 ids are read (and find nothing)");
  }

  // ---------------------------------------------------------------- Tencent free-text fields

  @Test
  void tencentFieldsHaveTheirMaximum() {
    Map<JsonObject, String> create = new LinkedHashMap<>();
    create.put(tencentRoom(i -> i.put("RoomName", "名".repeat(34))), // 102 bytes
        "invalid parameter: RoomInfo.RoomName: value length must be at most 100 bytes");
    create.put(tencentRoom(i -> i.put("CoverURL", "https://cdn.example/" + "c".repeat(181))),
        "invalid parameter: RoomInfo.CoverURL: value length must be at most 200 bytes");
    create.put(tencentRoom(i -> i.put("Owner_Account", "o".repeat(33))),
        "invalid parameter: RoomInfo.Owner_Account: value length must be at most 32 bytes");
    create.put(tencentRoom(i -> i.put("SeatTemplate", "s".repeat(65))),
        "invalid parameter: RoomInfo.SeatTemplate: value length must be at most 64 characters");
    create.forEach((body, info) -> assertTencentInvalid(tencent.call("create_room", body), info));
    assertEquals(false, active(roomId));

    assertEquals(0, tencent.call("create_room", tencentRoom(i -> i.put("RoomName", "名".repeat(33))))
        .getInteger("ErrorCode"), "99 bytes fit");
    assertTencentInvalid(tencent.call("update_room_info", new JsonObject().put("RoomInfo",
            new JsonObject().put("RoomId", roomId).put("Notice", "通".repeat(34)))),
        "invalid parameter: RoomInfo.Notice: value length must be at most 100 bytes");
    assertTencentInvalid(tencent.call("get_room_list", new JsonObject().put("Next", "n".repeat(257))),
        "invalid parameter: Next: value length must be at most 256 characters");
    assertEquals("", tencent.call("get_room_info", new JsonObject().put("RoomId", roomId)).getJsonObject("Response")
        .getJsonObject("RoomInfo").getString("Notice"), "the refused update changed nothing");
  }

  private JsonObject tencentRoom(Consumer<JsonObject> edit) {
    JsonObject info = new JsonObject().put("RoomId", roomId).put("RoomType", "Live");
    edit.accept(info);
    return new JsonObject().put("RoomInfo", info);
  }
}
