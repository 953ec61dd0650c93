package io.roomgate.limit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucket;
import io.roomgate.tenant.Tenant;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process token buckets (bucket4j, lock-free), one per (tenant, scope), decided on the calling event loop.
 *
 * <p>With {@code divisor = 1} it enforces the configured limit: the single-node limiter, and the distributed
 * limiter's pre-filter. With {@code divisor = n} it enforces {@code qps/n} with a capacity of {@code ceil(burst/n)}:
 * the share of one of {@code n} nodes while Redis is down ({@code on_redis_error: local}).
 *
 * <p>A bucket whose tenant changed its qps or burst (hot reload) is replaced by a fresh bucket of the new size on
 * its next use: full, or for a fallback limiter empty. A fallback bucket never starts full: this node would admit a
 * whole share of the burst at once, on top of what the shared bucket had already given out ({@link #restart} starts
 * one from what Redis last said was left).
 */
public final class LocalRateLimiter implements RateLimiter {
  private record Entry(long qps, long burst, LocalBucket bucket) {
  }

  private final TimeMeter time;
  private final int divisor;
  private final boolean fallback;
  private final ConcurrentHashMap<String, Entry> buckets = new ConcurrentHashMap<>();

  /** The single-node limiter on the system clock. */
  public LocalRateLimiter() {
    this(TimeMeter.SYSTEM_NANOTIME, 1, false);
  }

  /**
   * @param time     the clock (tests pass a fake one)
   * @param divisor  node count the limit is shared by (1 = the whole limit)
   * @param fallback whether its decisions are fallbacks (marks {@link RateDecision#fallback()})
   */
  public LocalRateLimiter(TimeMeter time, int divisor, boolean fallback) {
    if (divisor < 1) {
      throw new IllegalArgumentException("divisor must be at least 1");
    }
    this.time = time;
    this.divisor = divisor;
    this.fallback = fallback;
  }

  @Override
  public Future<RateDecision> tryAcquire(Tenant tenant, String api) {
    return Future.succeededFuture(decide(Limit.of(tenant, api)));
  }

  RateDecision decide(Limit limit) {
    ConsumptionProbe p = bucket(limit).tryConsumeAndReturnRemaining(1);
    if (p.isConsumed()) {
      return RateDecision.allow(limit.policy(), limit.qps(), p.getRemainingTokens(),
          RateDecision.ceilSeconds(p.getNanosToWaitForReset()), fallback);
    }
    return RateDecision.limit(limit.policy(), limit.qps(), 0,
        RateDecision.ceilSeconds(p.getNanosToWaitForRefill()), fallback);
  }

  /** Gives back the token of a decision that did not count after all (the pre-filter, when Redis said no). */
  void refund(Limit limit) {
    Entry e = buckets.get(limit.bucketKey());
    if (e != null) {
      e.bucket().addTokens(1);
    }
  }

  /** Tokens available now in the bucket of {@code limit} (creating it if needed). */
  long available(Limit limit) {
    return bucket(limit).getAvailableTokens();
  }

  private LocalBucket bucket(Limit limit) {
    Entry e = buckets.get(limit.bucketKey());
    if (e != null && e.qps() == limit.qps() && e.burst() == limit.burst()) {
      return e.bucket(); // the hot path: one map read, no allocation
    }
    // First use, or the tenant's limit changed: (re)build atomically for this key only.
    return buckets.compute(limit.bucketKey(), (k, old) ->
        old != null && old.qps() == limit.qps() && old.burst() == limit.burst() ? old
            : new Entry(limit.qps(), limit.burst(), newBucket(limit.qps(), limit.burst()))).bucket();
  }

  private LocalBucket newBucket(long qps, long burst) {
    long capacity = Math.max(1, (burst + divisor - 1) / divisor);
    return newBucket(qps, burst, fallback ? 0 : capacity);
  }

  private LocalBucket newBucket(long qps, long burst, long initialTokens) {
    long capacity = Math.max(1, (burst + divisor - 1) / divisor);
    long initial = Math.max(0, Math.min(capacity, initialTokens));
    // qps tokens per `divisor` seconds = qps/divisor per second, exactly, also when that is below 1.
    return Bucket.builder()
        .addLimit(l -> l.capacity(capacity).refillGreedy(qps, Duration.ofSeconds(divisor)).initialTokens(initial))
        .withCustomTimePrecision(time)
        .build();
  }

  /** Replaces the bucket of {@code limit} with one holding {@code tokens} (at most its capacity). */
  void restart(Limit limit, long tokens) {
    buckets.put(limit.bucketKey(), new Entry(limit.qps(), limit.burst(), newBucket(limit.qps(), limit.burst(), tokens)));
  }
}
