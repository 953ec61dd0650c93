package io.roomgate.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The gateway's one time source: a {@link Clock} (wall time, UTC) that also offers a monotonic {@link #nanoTime()}.
 * {@code Gateway} creates it once ({@link #SYSTEM}) and hands it to everything that reads time for a decision:
 * expiries, windows, backoffs, retention, ages, TTLs, deadlines computed from now (webhook signing and retries, event
 * ids, tenants, signatures and nonces, the admin store and audit, connection timeouts, the create throttle, read
 * caches, rate limits through {@code limit.EpochTime}). Tests hand in a clock they move themselves
 * ({@code testsupport.TestClock}) instead of sleeping.
 *
 * <p>Why a {@code Clock} subclass: most components already took a {@code java.time.Clock}, and the two that need time
 * that never goes back (connection deadlines, rate-limit buckets) read {@link #nanoTime()} from the same object, so
 * a fake clock moves both together. Components that need only wall time declare a {@code Clock} parameter.
 *
 * <p>What does not read time through it: pure duration measurement for metrics and logs ({@code System.nanoTime()}
 * around a request, event-loop lag, load and warm-up timings, the log line's timestamp), and the embedded LiveKit
 * simulator ({@code livekit.sim}), which stands in for another program with its own clock. {@code
 * PackageDependenciesTest} checks that the wall clock is read nowhere else.
 */
public abstract class GatewayClock extends Clock {
  /** The real clocks: {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
  public static final GatewayClock SYSTEM = new GatewayClock() {
    @Override
    public long millis() {
      return System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
      return Clock.systemUTC().instant();
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }
  };

  /** Nanoseconds from an arbitrary origin that never go back: only differences mean something. */
  public abstract long nanoTime();

  @Override
  public final ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Always UTC: decisions are taken in UTC. */
  @Override
  public final Clock withZone(ZoneId zone) {
    return this;
  }
}
