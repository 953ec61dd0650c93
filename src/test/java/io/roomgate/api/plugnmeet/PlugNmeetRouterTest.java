package io.roomgate.api.plugnmeet;

import io.github.bucket4j.TimeMeter;
import io.roomgate.auth.replay.InMemoryNonceStore;
import io.roomgate.auth.replay.ReplayGuard;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.GatewayConfig;
import io.roomgate.config.LimiterConfig;
import io.roomgate.http.JsonBodies;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.limit.EpochTime;
import io.roomgate.limit.LocalRateLimiter;
import io.roomgate.limit.RateLimitHandler;
import io.roomgate.limit.RateLimitStats;
import io.roomgate.livekit.LiveKitClient;
import io.roomgate.room.ParticipantDirectory;
import io.roomgate.room.RoomService;
import io.roomgate.schema.SchemaRegistry;
import io.roomgate.store.InMemoryPresenceStore;
import io.roomgate.store.InMemoryRoomStore;
import io.roomgate.tenant.TenantRegistry;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The dialect's pipeline: its stages are typed so that vertx-web refuses them out of order, a declared oversized
 * body is refused before it is read, and a method other than POST gets a plugNmeet answer after authentication.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlugNmeetRouterTest {
  private static final String KEY = "router-key";
  private static final String SECRET = "router-secret-0123456789";

  private Vertx vertx;
  private HttpServer server;
  private TenantRegistry tenants;
  private RoomService rooms;
  private AuthFailureLimiter authFailures;
  private ReplayGuard replay;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    GatewayConfig config = ConfigLoader.parse("""
        livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}
        tenants:
          - id: demo
            plugnmeet: {api_key: %s, api_secret: %s}
        """.formatted(KEY, SECRET));
    // LiveKit is never reached: no request here gets to the room service.
    LiveKitClient liveKit = new LiveKitClient(vertx, config.livekit(), "http://127.0.0.1:9", GatewayClock.SYSTEM);
    rooms = new RoomService(new InMemoryRoomStore(),
        new ParticipantDirectory(new InMemoryPresenceStore(), liveKit, Clock.systemUTC(), 0), liveKit,
        Clock.systemUTC(), 600);
    tenants = new TenantRegistry(config.tenants(), GatewayClock.SYSTEM);
    authFailures = new AuthFailureLimiter(new LimiterConfig(true, 1, 100, 1, 1000), new RateLimitStats(),
        TimeMeter.SYSTEM_NANOTIME);
    replay = new ReplayGuard(new InMemoryNonceStore(Clock.systemUTC(), 10), Clock.systemUTC());
    Router root = Router.router(vertx);
    PlugNmeetRouter.mount(root, tenants, rooms, SchemaRegistry.loadFromClasspath(), 4096, authFailures, replay,
        new RateLimitHandler(new LocalRateLimiter(new EpochTime(GatewayClock.SYSTEM), 1, false), new RateLimitStats()));
    server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  @Test
  void theStagesAreTypedSoVertxWebRefusesThemOutOfOrder() {
    Router r = Router.router(vertx);
    PlugNmeetAuthHandler auth = new PlugNmeetAuthHandler(tenants, authFailures, replay);
    PlugNmeetRoomApi endpoint = new PlugNmeetRoomApi(rooms, SchemaRegistry.loadFromClasspath());
    IllegalStateException afterEndpoint = assertThrows(IllegalStateException.class,
        () -> r.route("/a/*").handler(endpoint).handler(auth));
    assertEquals("Cannot add [AUTHENTICATION] handler to route with [USER] handler at index 0",
        afterEndpoint.getMessage());
    assertThrows(IllegalStateException.class, () -> r.route("/b/*")
        .handler(new RateLimitHandler(new LocalRateLimiter(new EpochTime(GatewayClock.SYSTEM), 1, false),
            new RateLimitStats())).handler(auth),
        "the rate limit before authentication");
    assertThrows(IllegalStateException.class, () -> r.route("/c/*").handler(auth)
        .handler(JsonBodies.bodyHandler(16)), "authentication before the body is read (it signs the body)");
    assertThrows(IllegalStateException.class, () -> r.route("/d/*").handler(JsonBodies.bodyHandler(16))
        .handler(new PlugNmeetEndpointLookup()), "the endpoint lookup after the body is read");
  }

  @Test
  void aDeclaredOversizedBodyIsRefusedBeforeItIsRead() {
    // the request announces a body and never sends it: only an answer that did not wait for it can arrive
    String answer = answerWithoutBody("POST /auth/room/getActiveRoomInfo HTTP/1.1\r\nHost: gw\r\nAPI-KEY: " + KEY
        + "\r\nHASH-SIGNATURE: 00\r\nContent-Length: 4097\r\n\r\n");
    assertEquals("HTTP/1.1 413", answer.substring(0, 12), answer);
    assertEquals(new JsonObject().put("status", false).put("msg", "request body exceeds the limit of 4096 bytes")
        .put("status_code", "INVALID_PARAMETERS"), new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4)));
  }

  @Test
  void aMethodOtherThanPostIsAPlugNmeetAnswer() {
    String answer = answerWithoutBody("GET /auth/room/getActiveRoomInfo HTTP/1.1\r\nHost: gw\r\nAPI-KEY: " + KEY
        + "\r\nHASH-SIGNATURE: " + PlugNmeetTestClient.sign(SECRET, new byte[0]) + "\r\n\r\n");
    assertEquals("HTTP/1.1 405", answer.substring(0, 12), answer);
    assertEquals(new JsonObject().put("status", false).put("msg", "method not allowed: only POST is served")
        .put("status_code", "INVALID_PARAMETERS"), new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4)));
  }

  /** Sends {@code head} (a request's head, no body); the whole answer once its JSON body is in. */
  private String answerWithoutBody(String head) {
    NetSocket socket = vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").await();
    Buffer received = Buffer.buffer();
    Promise<String> answer = Promise.promise();
    socket.handler(chunk -> {
      received.appendBuffer(chunk);
      String text = received.toString();
      if (text.contains("\r\n\r\n") && text.endsWith("}")) {
        answer.tryComplete(text);
      }
    });
    socket.write(head);
    // a stage that read the body would wait for it: the deadline turns that hang into a failure
    String text = answer.future().timeout(10, TimeUnit.SECONDS).await();
    socket.close();
    return text;
  }
}
