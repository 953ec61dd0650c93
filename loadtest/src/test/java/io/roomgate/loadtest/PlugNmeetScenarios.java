package io.roomgate.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** plugNmeet-dialect building blocks: every request's body is signed (HMAC-SHA256 hex) inside the simulation. */
final class PlugNmeetScenarios {
  private PlugNmeetScenarios() {
  }

  /**
   * One keep-alive pool shared by all virtual users (a tenant's back end keeps connections open; a fresh TCP
   * connection per request would measure the kernel, not the gateway).
   */
  static HttpProtocolBuilder protocol() {
    return http.baseUrl(LoadParams.BASE_URL)
        .contentTypeHeader("application/json")
        .acceptHeader("application/json")
        .shareConnections()
        .disableCaching()
        .disableWarmUp(); // its default target is an Internet host; the ramp-up warms the gateway
  }

  /** Random (tenant, seeded room) pairs from the tenants {@code tenants} picks. */
  static Iterator<Map<String, Object>> roomFeeder(IntSupplier tenants) {
    return Stream.generate(() -> {
      int tenant = tenants.getAsInt();
      String body = "{\"room_id\":\"" + LoadParams.room(ThreadLocalRandom.current().nextInt(LoadParams.ROOMS)) + "\"}";
      return Map.<String, Object>of("tenant", tenant, "apiKey", LoadParams.apiKey(tenant), "body", body,
          "sig", Signing.hmacHex(LoadParams.secret(tenant), body));
    }).iterator();
  }

  static IntSupplier anyTenant() {
    return () -> ThreadLocalRandom.current().nextInt(LoadParams.TENANTS);
  }

  /** The signed POST of the session's {@code body} as its {@code tenant}; the answer must say {@code status:true}. */
  static ChainBuilder post(String name, String path) {
    return exec(http(name).post(path)
        .header("API-KEY", "#{apiKey}")
        .header("HASH-SIGNATURE", "#{sig}")
        .body(StringBody("#{body}"))
        .check(status().is(200), substring("\"status\":true").exists()));
  }

  /** Signs {@code body(session)} with the session's tenant's secret, then posts it. */
  static ChainBuilder signedPost(String name, String path, Function<Session, String> body) {
    return exec(session -> {
      String text = body.apply(session);
      return session.set("body", text).set("sig", Signing.hmacHex(LoadParams.secret(session.getInt("tenant")), text));
    }).exec(post(name, path));
  }

  /** (a) the hot read: getActiveRoomInfo of random seeded rooms of random tenants. */
  static ScenarioBuilder hotRead() {
    return scenario("hot read")
        .feed(roomFeeder(anyTenant()))
        .exec(post("getActiveRoomInfo", "/auth/room/getActiveRoomInfo"));
  }

  private static final AtomicLong LIFECYCLES = new AtomicLong();
  /** Unique per simulation run, so re-runs against one gateway never collide with ended rooms of the last run. */
  private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

  /** (b) a room's life: create → getJoinToken → getActiveRoomInfo → endRoom, by a random tenant. */
  static ScenarioBuilder lifecycle() {
    return scenario("lifecycle")
        .exec(session -> {
          int tenant = ThreadLocalRandom.current().nextInt(LoadParams.TENANTS);
          return session.set("tenant", tenant).set("apiKey", LoadParams.apiKey(tenant))
              .set("roomId", "lc-" + RUN + "-" + LIFECYCLES.incrementAndGet());
        })
        .exec(signedPost("create", "/auth/room/create", s -> "{\"room_id\":\"" + s.getString("roomId")
            + "\",\"max_participants\":20,\"metadata\":{\"room_title\":\"Lifecycle\",\"room_features\":"
            + "{\"allow_webcams\":true}}}"))
        .exec(signedPost("getJoinToken", "/auth/room/getJoinToken", s -> "{\"room_id\":\"" + s.getString("roomId")
            + "\",\"user_info\":{\"name\":\"Load user\",\"user_id\":\"u1\",\"is_admin\":true}}"))
        .exec(signedPost("getActiveRoomInfo (lifecycle)", "/auth/room/getActiveRoomInfo",
            s -> "{\"room_id\":\"" + s.getString("roomId") + "\"}"))
        .exec(signedPost("endRoom", "/auth/room/endRoom", s -> "{\"room_id\":\"" + s.getString("roomId") + "\"}"));
  }
}
