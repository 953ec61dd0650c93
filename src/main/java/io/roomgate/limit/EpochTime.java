package io.roomgate.limit;

import io.github.bucket4j.TimeMeter;
import io.roomgate.time.GatewayClock;

/**
 * Nanoseconds since the epoch that never go back, read from the gateway's clock: its wall time read once, then its
 * monotonic {@link GatewayClock#nanoTime()}. Quota windows align to the epoch (UTC hours and days), buckets need a
 * clock that does not jump; this is both.
 */
public final class EpochTime implements TimeMeter {
  private final GatewayClock clock;
  private final long offset;

  public EpochTime(GatewayClock clock) {
    this.clock = clock;
    this.offset = clock.millis() * 1_000_000L - clock.nanoTime();
  }

  @Override
  public long currentTimeNanos() {
    return offset + clock.nanoTime();
  }

  @Override
  public boolean isWallClockBased() {
    return true;
  }
}
