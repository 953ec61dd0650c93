package io.roomgate.testsupport;

import io.roomgate.time.GatewayClock;

import java.time.Instant;

/** A clock that stands still until a test moves it; its wall time and its monotonic time move together. */
public final class TestClock extends GatewayClock {
  private volatile long millis;

  public TestClock(long epochMillis) {
    this.millis = epochMillis;
  }

  public static TestClock atSeconds(long epochSeconds) {
    return new TestClock(epochSeconds * 1000);
  }

  public void advanceMillis(long ms) {
    millis += ms;
  }

  public void setSeconds(long epochSeconds) {
    millis = epochSeconds * 1000;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public long nanoTime() {
    return millis * 1_000_000L;
  }
}
