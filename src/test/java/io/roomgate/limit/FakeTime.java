package io.roomgate.limit;

import io.github.bucket4j.TimeMeter;

import java.time.Duration;

/** A clock that only moves when a test says so. */
final class FakeTime implements TimeMeter {
  private volatile long nanos;

  FakeTime() {
    this(1_000_000_000L);
  }

  /** Starting at {@code epochNanos} (quota windows align to the epoch). */
  FakeTime(long epochNanos) {
    this.nanos = epochNanos;
  }

  @Override
  public long currentTimeNanos() {
    return nanos;
  }

  @Override
  public boolean isWallClockBased() {
    return false;
  }

  void advance(Duration d) {
    nanos += d.toNanos();
  }

  void advanceMillis(long ms) {
    advance(Duration.ofMillis(ms));
  }
}
