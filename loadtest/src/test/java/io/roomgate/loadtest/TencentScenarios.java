package io.roomgate.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Tencent live-room dialect: every tenant's {@code administrator} calls with a UserSig made here at start (valid for
 * a day, like a back end that refreshes its UserSig daily) and a fresh {@code random} per request.
 */
final class TencentScenarios {
  private TencentScenarios() {
  }

  private static final String[] USERSIGS = new String[LoadParams.TENANTS];

  static {
    for (int t = 0; t < LoadParams.TENANTS; t++) {
      USERSIGS[t] = Signing.userSig(LoadParams.sdkAppId(t), LoadParams.secret(t), LoadParams.ADMIN, 86400);
    }
  }

  static String room(int index) {
    return "t" + index;
  }

  /** The query string of a call as tenant {@code tenant}. */
  static String query(int tenant) {
    return "sdkappid=" + LoadParams.sdkAppId(tenant) + "&identifier=" + LoadParams.ADMIN + "&usersig="
        + USERSIGS[tenant] + "&random=" + ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE)
        + "&contenttype=json";
  }

  static HttpProtocolBuilder protocol() {
    return PlugNmeetScenarios.protocol();
  }

  private static final AtomicLong NOTICES = new AtomicLong();

  private static Iterator<Map<String, Object>> feeder() {
    return Stream.generate(() -> {
      int tenant = ThreadLocalRandom.current().nextInt(LoadParams.TENANTS);
      String roomId = room(ThreadLocalRandom.current().nextInt(LoadParams.ROOMS));
      return Map.<String, Object>of("query", query(tenant), "roomId", roomId, "notice", NOTICES.incrementAndGet());
    }).iterator();
  }

  /** (d) 90 % get_room_info, 10 % update_room_info (a Notice change) of random seeded rooms of random tenants. */
  static ScenarioBuilder readsAndUpdates() {
    return scenario("tencent")
        .feed(feeder())
        .exec(randomSwitch().on(
            percent(90.0).then(call("get_room_info", "{\"RoomId\":\"#{roomId}\"}")),
            percent(10.0).then(call("update_room_info",
                "{\"RoomInfo\":{\"RoomId\":\"#{roomId}\",\"Notice\":\"notice #{notice}\"}}"))));
  }

  private static io.gatling.javaapi.core.ChainBuilder call(String command, String body) {
    return io.gatling.javaapi.core.CoreDsl.exec(http(command)
        .post("/v4/live_engine_http_srv/" + command + "?#{query}")
        .body(StringBody(body))
        .check(status().is(200), substring("\"ErrorCode\":0,").exists()));
  }
}
