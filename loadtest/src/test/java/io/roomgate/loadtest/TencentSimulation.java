package io.roomgate.loadtest;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

/**
 * (d) The Tencent dialect: creates {@code rooms} live rooms per tenant with {@code create_room}, then offers
 * {@code rate} calls/s of get_room_info (90 %) and update_room_info (10 %), each with a UserSig and fresh random.
 */
public class TencentSimulation extends Simulation {
  {
    System.out.println("TencentSimulation: " + LoadParams.describe());
    setUp(TencentScenarios.readsAndUpdates().injectOpen(
            rampUsersPerSec(1).to(LoadParams.RATE).during(LoadParams.ramp()),
            constantUsersPerSec(LoadParams.RATE).during(LoadParams.duration())))
        .protocols(TencentScenarios.protocol())
        .assertions(
            global().failedRequests().percent().lte(LoadParams.MAX_FAILED_PCT),
            global().responseTime().percentile(99.0).lt(LoadParams.P99_MS));
  }

  @Override
  public void before() {
    RoomSeeder.seedTencent(LoadParams.TENANTS, LoadParams.ROOMS);
  }
}
