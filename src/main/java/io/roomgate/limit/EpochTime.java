package io.roomgate.limit;

import io.github.bucket4j.TimeMeter;

/**
 * Nanoseconds since the epoch that never go back: the wall clock read once, then {@link System#nanoTime()}. Quota
 * windows align to the epoch (UTC hours and days), buckets need a clock that does not jump; this is both.
 */
public final class EpochTime implements TimeMeter {
  public static final EpochTime SYSTEM = new EpochTime();

  private final long offset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

  private EpochTime() {
  }

  @Override
  public long currentTimeNanos() {
    return offset + System.nanoTime();
  }

  @Override
  public boolean isWallClockBased() {
    return true;
  }
}
