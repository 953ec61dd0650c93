package io.roomgate.loadtest;

import io.gatling.javaapi.core.Simulation;

import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.core.CoreDsl.StringBody;

/**
 * (c) Noisy neighbour. Every tenant has the limit {@code limitQps} (= burst; run.sh configures it). Tenant 0 offers
 * {@code noisyFactor} (3) times its limit; tenants 1…N-1 offer {@code neighbourShare} (0.5) of theirs each.
 * Assertions: the noisy tenant's share of 429s is what a token bucket must give,
 * {@code 1 - (qps·T + burst) / (factor·qps·T)}, within ±{@code shareTolerance} (5) percentage points, and the
 * neighbours get no 429 (no failure at all). The noisy tenant's requests check for 200, so its 429s are its KOs.
 */
public class NoisyNeighbourSimulation extends Simulation {
  static final double FACTOR = Double.parseDouble(System.getProperty("noisyFactor", "3"));
  static final double NEIGHBOUR_SHARE = Double.parseDouble(System.getProperty("neighbourShare", "0.5"));
  static final double TOLERANCE = Double.parseDouble(System.getProperty("shareTolerance", "5"));

  {
    if (LoadParams.TENANTS < 2) {
      throw new IllegalArgumentException("NoisyNeighbourSimulation needs -Dtenants >= 2");
    }
    double seconds = LoadParams.DURATION;
    double expected = 100.0 * (1 - (LoadParams.LIMIT_QPS * seconds + LoadParams.LIMIT_QPS)
        / (FACTOR * LoadParams.LIMIT_QPS * seconds));
    System.out.printf("NoisyNeighbourSimulation: %s limitQps=%d factor=%.1f neighbourShare=%.2f; expected 429 share "
        + "of the noisy tenant %.1f %% (±%.1f)%n", LoadParams.describe(), LoadParams.LIMIT_QPS, FACTOR,
        NEIGHBOUR_SHARE, expected, TOLERANCE);
    AtomicInteger nextNeighbour = new AtomicInteger();
    int neighbours = LoadParams.TENANTS - 1;
    var noisy = scenario("noisy tenant")
        .feed(PlugNmeetScenarios.roomFeeder(() -> 0))
        .exec(read("noisy getActiveRoomInfo"));
    var others = scenario("neighbours")
        .feed(PlugNmeetScenarios.roomFeeder(() -> 1 + Math.floorMod(nextNeighbour.getAndIncrement(), neighbours)))
        .exec(read("neighbour getActiveRoomInfo"));
    setUp(
        noisy.injectOpen(constantUsersPerSec(FACTOR * LoadParams.LIMIT_QPS).during(LoadParams.duration())),
        others.injectOpen(constantUsersPerSec(NEIGHBOUR_SHARE * LoadParams.LIMIT_QPS * neighbours)
            .during(LoadParams.duration())))
        .protocols(PlugNmeetScenarios.protocol())
        .assertions(
            details("noisy getActiveRoomInfo").failedRequests().percent()
                .between(expected - TOLERANCE, expected + TOLERANCE),
            details("neighbour getActiveRoomInfo").failedRequests().count().is(0L),
            // no ramp here (it would blur the 429 share), so the cold start's JIT pauses land in the p99: 1 s default
            global().responseTime().percentile(99.0).lt(Integer.getInteger("p99Ms", 1000)));
  }

  /** A 429 fails the {@code status 200} check: that is how the report counts the noisy tenant's rejections. */
  private static io.gatling.javaapi.core.ChainBuilder read(String name) {
    return exec(http(name).post("/auth/room/getActiveRoomInfo")
        .header("API-KEY", "#{apiKey}")
        .header("HASH-SIGNATURE", "#{sig}")
        .body(StringBody("#{body}"))
        .check(status().is(200)));
  }

  @Override
  public void before() {
    RoomSeeder.seedPlugNmeet(LoadParams.TENANTS, LoadParams.ROOMS);
  }
}
