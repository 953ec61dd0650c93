package io.roomgate.loadtest;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

/**
 * (b) Lifecycle: each virtual user creates a fresh room as a random tenant, gets a join token, reads the room and
 * ends it (4 requests, 3 of them LiveKit calls). {@code rate} is lifecycles per second.
 */
public class LifecycleSimulation extends Simulation {
  {
    System.out.println("LifecycleSimulation: " + LoadParams.describe());
    setUp(PlugNmeetScenarios.lifecycle().injectOpen(
            rampUsersPerSec(1).to(LoadParams.RATE).during(LoadParams.ramp()),
            constantUsersPerSec(LoadParams.RATE).during(LoadParams.duration())))
        .protocols(PlugNmeetScenarios.protocol())
        .assertions(
            global().failedRequests().percent().lte(LoadParams.MAX_FAILED_PCT),
            global().responseTime().percentile(99.0).lt(LoadParams.P99_MS));
  }
}
