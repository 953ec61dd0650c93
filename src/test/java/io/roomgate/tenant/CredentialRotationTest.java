package io.roomgate.tenant;

import io.github.bucket4j.TimeMeter;
import io.roomgate.api.plugnmeet.PlugNmeetRouter;
import io.roomgate.api.tencent.LocalCreateRoomThrottle;
import io.roomgate.api.tencent.TencentRouter;
import io.roomgate.auth.UserSigVerifier;
import io.roomgate.auth.replay.InMemoryNonceStore;
import io.roomgate.auth.replay.ReplayGuard;
import io.roomgate.config.ConfigException;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.GatewayConfig;
import io.roomgate.config.LimiterConfig;
import io.roomgate.http.TenantContext;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.limit.RateLimitStats;
import io.roomgate.livekit.LiveKitClient;
import io.roomgate.room.ParticipantDirectory;
import io.roomgate.room.RoomService;
import io.roomgate.schema.SchemaRegistry;
import io.roomgate.store.InMemoryPresenceStore;
import io.roomgate.store.InMemoryRoomStore;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TencentTestClient;
import io.roomgate.testsupport.TestClock;
import io.roomgate.testsupport.UserSigs;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Rotation (issue 16, point 4): a tenant holds its new secret and, until {@code previous_expires_at}, its old one; the
 * real dialect routers verify both, on a clock the test moves. A sentinel behind authentication answers 299 with the
 * tenant it saw, so every answer says whether authentication passed.
 */
class CredentialRotationTest {
  private static final long NOW = 1_900_000_000L;
  private static final long EXPIRES = NOW + 3600;
  private static final long APP = 1400000001L;
  private static final String OLD = "old-secret-0123456789";
  private static final String NEW = "new-secret-0123456789";
  private static final String LIVEKIT = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n";
  private static final byte[] BODY = "{\"room_id\":\"r1\"}".getBytes(StandardCharsets.UTF_8);

  private final TestClock clock = TestClock.atSeconds(NOW);
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    GatewayConfig config = ConfigLoader.parse(LIVEKIT + """
        tenants:
          - id: acme
            plugnmeet: {api_key: acme-key, api_secret: %s, previous_api_secret: %s, previous_expires_at: %d}
            tencent: {sdkappid: %d, secret_key: %s, previous_secret_key: %s, previous_expires_at: %d, admins: [admin]}
        """.formatted(NEW, OLD, EXPIRES, APP, NEW, OLD, EXPIRES));
    LiveKitClient liveKit = new LiveKitClient(vertx, config.livekit(), "http://127.0.0.1:9",
        GatewayClock.SYSTEM); // never reached
    RoomService rooms = new RoomService(new InMemoryRoomStore(),
        new ParticipantDirectory(new InMemoryPresenceStore(), liveKit, clock, 0), liveKit, clock, 600);
    TenantRegistry tenants = new TenantRegistry(config.tenants(), clock);
    AuthFailureLimiter failures = new AuthFailureLimiter(new LimiterConfig(true, 1, 1000, 1000, 1000),
        new RateLimitStats(), TimeMeter.SYSTEM_NANOTIME);
    Router root = Router.router(vertx);
    PlugNmeetRouter.mount(root, tenants, rooms, SchemaRegistry.loadFromClasspath(), 4096, failures,
        new ReplayGuard(new InMemoryNonceStore(clock, InMemoryNonceStore.DEFAULT_MAX_PER_TENANT), clock),
        CredentialRotationTest::passed);
    TencentRouter.mount(root, tenants, rooms, SchemaRegistry.loadFromClasspath(), new UserSigVerifier(clock),
        new LocalCreateRoomThrottle(clock), 4096, failures, CredentialRotationTest::passed);
    server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await();
  }

  private static void passed(RoutingContext ctx) {
    ctx.response().setStatusCode(299).end(TenantContext.of(ctx).id());
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private int plugNmeet(String secret) {
    PlugNmeetTestClient c = new PlugNmeetTestClient(vertx, server.actualPort(), "acme-key", secret);
    try {
      return c.raw("/auth/room/isRoomActive", BODY).statusCode();
    } finally {
      c.close();
    }
  }

  /** 0 = authenticated (the sentinel answered), else the Tencent error code. */
  private int tencent(String sig) {
    TencentTestClient c = new TencentTestClient(vertx, server.actualPort(), APP, NEW, "admin");
    try {
      var r = c.raw(TencentTestClient.BASE + "get_room_info" + c.query(sig), "{}");
      return r.statusCode() == 299 ? 0 : r.bodyAsJsonObject().getInteger("ErrorCode");
    } finally {
      c.close();
    }
  }

  private String sigNow(String key) {
    return UserSigs.make(APP, key, "admin", clock.millis() / 1000, 86400);
  }

  @Test
  void plugNmeetCallersSigningWithTheOldSecretPassUntilTheExpiryAndFailFromIt() {
    assertEquals(299, plugNmeet(NEW));
    assertEquals(299, plugNmeet(OLD), "the old secret verifies during the rotation");
    clock.setSeconds(EXPIRES - 1);
    assertEquals(299, plugNmeet(OLD), "still, one second before the expiry");
    clock.setSeconds(EXPIRES);
    assertEquals(401, plugNmeet(OLD), "from the expiry on, the old secret fails");
    assertEquals(299, plugNmeet(NEW), "the new one goes on");
    assertEquals(401, plugNmeet("never-the-secret-0123"));
  }

  @Test
  void tencentCallersSigningWithTheOldKeyPassUntilTheExpiryAndFailFromIt() {
    assertEquals(0, tencent(sigNow(NEW)));
    assertEquals(0, tencent(sigNow(OLD)), "the old key verifies during the rotation");
    clock.setSeconds(EXPIRES - 1);
    assertEquals(0, tencent(sigNow(OLD)));
    clock.setSeconds(EXPIRES);
    assertEquals(70009, tencent(sigNow(OLD)), "from the expiry on, a UserSig of the old key fails as a wrong key");
    assertEquals(0, tencent(sigNow(NEW)));
  }

  @Test
  void aUserSigOfTheOldKeyVerifiedAndCachedBeforeTheExpiryFailsAfterIt() {
    String sig = sigNow(OLD);
    assertEquals(0, tencent(sig));
    assertEquals(0, tencent(sig), "from the verifier's cache");
    clock.setSeconds(EXPIRES);
    assertEquals(70009, tencent(sig), "the cache keeps no old-key sig valid past the expiry");
  }

  @Test
  void rotationKeysAreValidatedByKey() {
    String base = LIVEKIT + "tenants:\n  - id: acme\n";
    assertConfigError("tenants[0].plugnmeet.previous_expires_at: is required", base
        + "    plugnmeet: {api_key: a, api_secret: " + NEW + ", previous_api_secret: " + OLD + "}\n");
    assertConfigError("tenants[0].plugnmeet.previous_expires_at: needs previous_api_secret", base
        + "    plugnmeet: {api_key: a, api_secret: " + NEW + ", previous_expires_at: 5}\n");
    assertConfigError("tenants[0].plugnmeet.previous_api_secret: must be at least 16 characters", base
        + "    plugnmeet: {api_key: a, api_secret: " + NEW + ", previous_api_secret: short, previous_expires_at: 5}\n");
    assertConfigError("tenants[0].plugnmeet.previous_api_secret: must differ from the current secret", base
        + "    plugnmeet: {api_key: a, api_secret: " + NEW + ", previous_api_secret: " + NEW
        + ", previous_expires_at: 5}\n");
    assertConfigError("tenants[0].tencent.previous_expires_at: must be between 1 and 253402300799, was "
        + "1900000000000", base + "    tencent: {sdkappid: 1, secret_key: " + NEW
        + ", admins: [a], previous_secret_key: " + OLD + ", previous_expires_at: 1900000000000}\n");
  }

  private static void assertConfigError(String expected, String yaml) {
    assertEquals(expected, assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml)).getMessage());
  }

  @Test
  void secretsAreRedactedInToString() {
    String s = ConfigLoader.parse(LIVEKIT + "tenants:\n  - id: acme\n    plugnmeet: {api_key: a, api_secret: " + NEW
        + ", previous_api_secret: " + OLD + ", previous_expires_at: 5}\n").tenants().toString();
    assertEquals(-1, s.indexOf(OLD), s);
    assertEquals(-1, s.indexOf(NEW), s);
  }

  @Test
  void anUnchangedTenantKeepsItsObjectAcrossAReplace() {
    String yaml = LIVEKIT + "tenants:\n  - id: acme\n    plugnmeet: {api_key: a, api_secret: " + NEW + "}\n";
    TenantRegistry r = new TenantRegistry(ConfigLoader.parse(yaml).tenants(), GatewayClock.SYSTEM);
    Tenant before = r.byId("acme");
    r.replace(ConfigLoader.parse(yaml).tenants());
    assertSame(before, r.byId("acme"));
  }
}
