package io.roomgate.loadtest;

import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;

/**
 * The CI smoke: the hot read, the lifecycle and the Tencent dialect side by side at a small rate for
 * {@code duration} s (default 20). Any failed request fails the run.
 */
public class SmokeSimulation extends Simulation {
  {
    int seconds = Integer.getInteger("duration", 20);
    double rate = Double.parseDouble(System.getProperty("rate", "20"));
    System.out.println("SmokeSimulation: " + LoadParams.describe());
    setUp(
        PlugNmeetScenarios.hotRead().injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds))),
        PlugNmeetScenarios.lifecycle().injectOpen(constantUsersPerSec(Math.max(1, rate / 10))
            .during(Duration.ofSeconds(seconds))),
        TencentScenarios.readsAndUpdates().injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds))))
        .protocols(PlugNmeetScenarios.protocol())
        .assertions(
            global().failedRequests().count().is(0L),
            global().responseTime().percentile(99.0).lt(LoadParams.P99_MS));
  }

  @Override
  public void before() {
    RoomSeeder.seedPlugNmeet(LoadParams.TENANTS, LoadParams.ROOMS);
    RoomSeeder.seedTencent(LoadParams.TENANTS, LoadParams.ROOMS);
  }
}
