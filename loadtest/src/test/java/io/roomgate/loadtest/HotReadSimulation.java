package io.roomgate.loadtest;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

/**
 * (a) Hot read: getActiveRoomInfo of random rooms across many tenants. Creates {@code rooms} rooms for each of
 * {@code tenants} tenants first, then offers {@code rate} requests/s (after a ramp) for {@code duration} s.
 */
public class HotReadSimulation extends Simulation {
  {
    System.out.println("HotReadSimulation: " + LoadParams.describe());
    setUp(PlugNmeetScenarios.hotRead().injectOpen(
            rampUsersPerSec(1).to(LoadParams.RATE).during(LoadParams.ramp()),
            constantUsersPerSec(LoadParams.RATE).during(LoadParams.duration())))
        .protocols(PlugNmeetScenarios.protocol())
        .assertions(
            global().failedRequests().percent().lte(LoadParams.MAX_FAILED_PCT),
            global().responseTime().percentile(99.0).lt(LoadParams.P99_MS));
  }

  @Override
  public void before() {
    RoomSeeder.seedPlugNmeet(LoadParams.TENANTS, LoadParams.ROOMS);
  }
}
