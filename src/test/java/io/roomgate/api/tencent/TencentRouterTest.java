package io.roomgate.api.tencent;

import io.roomgate.auth.UserSigVerifier;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.GatewayConfig;
import io.roomgate.http.EndpointContext;
import io.roomgate.livekit.LiveKitClient;
import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.github.bucket4j.TimeMeter;
import io.roomgate.config.LimiterConfig;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.limit.RateLimitStats;
import io.roomgate.room.ParticipantDirectory;
import io.roomgate.room.RoomService;
import io.roomgate.store.InMemoryPresenceStore;
import io.roomgate.schema.SchemaRegistry;
import io.roomgate.store.InMemoryRoomStore;
import io.roomgate.tenant.TenantRegistry;
import io.roomgate.testsupport.TencentTestClient;
import io.roomgate.testsupport.UserSigs;
import io.roomgate.http.BodyGuard;
import io.roomgate.http.JsonBodies;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.roomgate.testsupport.TencentTestClient.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dialect's pipeline: the rate-limit stage sits after UserSig authentication and gets the command as its API
 * name, and its rejection renders as Tencent's 60007 (a sentinel limiter rejects everything that reaches it); the
 * stages are typed so that vertx-web refuses them out of order; what the URL alone refuses is refused before the body
 * is read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class TencentRouterTest {
  static final long APP = 1400000000L;
  static final String KEY = "router-test-key-0123456789";

  private Vertx vertx;
  private HttpServer server;
  private TencentTestClient client;
  private final List<String> limited = new CopyOnWriteArrayList<>();
  private TenantRegistry tenants;
  private TencentRoomApi api;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    GatewayConfig config = ConfigLoader.parse("""
        livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}
        tenants:
          - id: demo
            tencent: {sdkappid: %d, secret_key: %s, admins: [administrator]}
        """.formatted(APP, KEY));
    // LiveKit is never reached: every request stops at the limiter or before.
    LiveKitClient liveKit = new LiveKitClient(vertx, config.livekit(), "http://127.0.0.1:9", GatewayClock.SYSTEM);
    RoomService rooms = new RoomService(new InMemoryRoomStore(),
        new ParticipantDirectory(new InMemoryPresenceStore(), liveKit, Clock.systemUTC(), 0), liveKit,
        Clock.systemUTC(), 600);
    Router root = Router.router(vertx);
    tenants = new TenantRegistry(config.tenants(), GatewayClock.SYSTEM);
    api = new TencentRoomApi(rooms, SchemaRegistry.loadFromClasspath(), new LocalCreateRoomThrottle(Clock.systemUTC()));
    TencentRouter.mount(root, tenants, rooms,
        SchemaRegistry.loadFromClasspath(), new UserSigVerifier(Clock.systemUTC()),
        new LocalCreateRoomThrottle(Clock.systemUTC()), 4096,
        new AuthFailureLimiter(new LimiterConfig(true, 1, FAILED_AUTH_BUDGET, 1, 1000), new RateLimitStats(),
            TimeMeter.SYSTEM_NANOTIME),
        this::limiter);
    server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await();
    client = new TencentTestClient(vertx, server.actualPort(), APP, KEY, "administrator");
  }

  private static final int FAILED_AUTH_BUDGET = 8;

  private void limiter(RoutingContext ctx) {
    limited.add(EndpointContext.apiName(ctx));
    ctx.fail(new GatewayException(ErrorKind.RATE_LIMITED, "the sentinel limits everything"));
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  @Test
  void authenticatedCallsReachTheLimiterByCommandAndGet60007() {
    limited.clear();
    JsonObject r = client.call("get_room_list", new JsonObject());
    assertEquals("FAIL", r.getString("ActionStatus"));
    assertEquals(60007, r.getInteger("ErrorCode"));
    assertEquals("REST API call frequency exceeds the limit", r.getString("ErrorInfo"));
    assertTrue(r.getString("RequestId").startsWith("Id-"));
    client.call("create_room", new JsonObject());
    assertEquals(List.of("get_room_list", "create_room"), limited);
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // after the unordered tests (default order: MAX_VALUE / 2)
  void aClientThatSpentItsFailedAuthBudgetGets70050ForFailuresButAValidUserSigStillPasses() {
    // runs last: it uses up the failed-auth budget of 127.0.0.1 for this router
    int refused = 0;
    for (int i = 0; i < FAILED_AUTH_BUDGET + 5; i++) {
      JsonObject r = client.callWithSig("get_room_info", UserSigs.fresh(APP, "wrong-key", "administrator"),
          new JsonObject());
      if (r.getInteger("ErrorCode") == 70050) {
        refused++;
      } else {
        assertEquals(70009, r.getInteger("ErrorCode"), "verified and failed while the budget lasts");
      }
    }
    assertTrue(refused >= 5, "refused " + refused);
    // a valid UserSig from that client is authenticated as ever: it reaches the (sentinel) limiter
    limited.clear();
    assertEquals(60007, client.call("get_room_info", new JsonObject()).getInteger("ErrorCode"));
    assertEquals(List.of("get_room_info"), limited);
  }

  @Test
  void failedAuthenticationAndUnknownCommandsNeverReachTheLimiter() {
    limited.clear();
    assertEquals(70009, client.callWithSig("get_room_list", UserSigs.fresh(APP, "other-key", "administrator"),
        new JsonObject()).getInteger("ErrorCode"));
    assertEquals(60006, TencentTestClient.ok(client.raw(BASE + "get_room_list?sdkappid=1&identifier=a&usersig=b"
        + "&random=1&contenttype=json", "{}")).getInteger("ErrorCode"));
    assertEquals(60009, client.call("get_room_metadata", new JsonObject()).getInteger("ErrorCode"));
    assertEquals(List.of(), limited);
  }

  @Test
  void theStagesAreTypedSoVertxWebRefusesThemOutOfOrder() {
    Router r = Router.router(vertx);
    TencentAuthHandler auth = new TencentAuthHandler(tenants, new UserSigVerifier(Clock.systemUTC()),
        new AuthFailureLimiter(new LimiterConfig(true, 1, 1, 1, 10), new RateLimitStats(), TimeMeter.SYSTEM_NANOTIME));
    IllegalStateException afterEndpoint = assertThrows(IllegalStateException.class,
        () -> r.route("/a/*").handler(api).handler(auth));
    assertEquals("Cannot add [AUTHENTICATION] handler to route with [USER] handler at index 0",
        afterEndpoint.getMessage());
    assertThrows(IllegalStateException.class, () -> r.route("/b/*").handler(this::limiter).handler(auth),
        "the rate limit before authentication");
    assertThrows(IllegalStateException.class, () -> r.route("/c/*").handler(auth)
        .handler(JsonBodies.bodyHandler(16)), "authentication before the body is read");
    assertThrows(IllegalStateException.class, () -> r.route("/d/*").handler(JsonBodies.bodyHandler(16))
        .handler(new TencentCommandGuard()), "the command check after the body is read");
    assertThrows(IllegalStateException.class, () -> r.route("/e/*").handler(JsonBodies.bodyHandler(16))
        .handler(new BodyGuard(16)), "the size guard after the body is read");
  }

  @Test
  void unknownCommandsAndOtherMethodsAreRefusedBeforeTheBodyIsRead() {
    String query = client.query(UserSigs.fresh(APP, KEY, "administrator"));
    // the request announces a body and never sends it: only an answer that did not wait for it can arrive
    JsonObject unknown = answerWithoutBody("POST " + BASE + "get_room_metadata" + query);
    assertEquals(60009, unknown.getInteger("ErrorCode"), unknown.encode());
    assertEquals("invalid request resource, please check the request URL: unknown command get_room_metadata",
        unknown.getString("ErrorInfo"));
    JsonObject get = answerWithoutBody("GET " + BASE + "get_room_list" + query);
    assertEquals(60002, get.getInteger("ErrorCode"), get.encode());
    JsonObject tooLarge = answerWithoutBody("POST " + BASE + "get_room_list" + query, 4097);
    assertEquals(60008, tooLarge.getInteger("ErrorCode"), tooLarge.encode());
  }

  private JsonObject answerWithoutBody(String requestLine) {
    return answerWithoutBody(requestLine, 1000);
  }

  /** Sends only the head of a request announcing {@code length} body bytes; the JSON body of the answer. */
  private JsonObject answerWithoutBody(String requestLine, int length) {
    NetSocket socket = vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").await();
    Buffer received = Buffer.buffer();
    Promise<String> answer = Promise.promise();
    socket.handler(chunk -> {
      received.appendBuffer(chunk);
      String text = received.toString();
      int head = text.indexOf("\r\n\r\n");
      if (head >= 0 && text.endsWith("}")) {
        answer.tryComplete(text.substring(head + 4));
      }
    });
    socket.write(requestLine + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: "
        + length + "\r\n\r\n");
    // a stage that read the body would wait for it: the deadline turns that hang into a failure
    String body = answer.future().timeout(10, TimeUnit.SECONDS).await();
    socket.close();
    return new JsonObject(body);
  }
}
