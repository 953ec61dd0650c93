package io.roomgate.testsupport;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it. */
public final class TestClock extends Clock {
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
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
