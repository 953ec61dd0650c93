package io.roomgate.limit;

import io.github.bucket4j.TimeMeter;
import io.roomgate.tenant.Tenant;
import io.vertx.core.Future;

import java.util.List;

/**
 * In-process rate limiting: every policy of a tenant in a {@link PolicyStore}, decided all or nothing on the
 * calling event loop, lock-free.
 *
 * <p>With {@code divisor = 1} it enforces the configured limits: the single-node limiter. With {@code divisor = n}
 * it enforces a {@code 1/n} share of each: one of {@code n} nodes while Redis is down ({@code on_redis_error:
 * local}); such a share starts empty, never full (this node would admit a whole share of the burst on top of what
 * the shared state had already given out); {@link #restartOnce} starts it from what Redis last said was left.
 *
 * <p>A tenant whose limits changed (hot reload) keeps its state: the new limits apply to what was already used.
 */
public final class LocalRateLimiter implements RateLimiter, RateLimitUsage {
  private final PolicyStore store;
  private final boolean fallback;
  private final Limits limits = new Limits();

  /**
   * @param time     epoch-based nanoseconds (tests pass a fake clock)
   * @param divisor  node count the limits are shared by (1 = the whole limit)
   * @param fallback whether its decisions are fallbacks (marks {@link RateDecision#fallback()}; starts empty)
   */
  public LocalRateLimiter(TimeMeter time, int divisor, boolean fallback) {
    this.store = new PolicyStore(time, divisor, fallback, false);
    this.fallback = fallback;
  }

  @Override
  public Future<RateDecision> tryAcquire(Tenant tenant, String api) {
    return Future.succeededFuture(decide(limits.of(tenant, api)));
  }

  @Override
  public Future<List<PolicyUsage>> usage(Tenant tenant) {
    Limit all = Limit.all(tenant);
    return Future.succeededFuture(RateLimitUsage.report(all, store.take(all, 0)));
  }

  @Override
  public void forget(String tenantId) {
    store.forget(tenantId);
    limits.forget(tenantId);
  }

  /** Whether this limiter holds state of {@code tenantId}: its policies or its limits (tests). */
  boolean holds(String tenantId) {
    return store.holds(tenantId) || limits.held(tenantId) > 0;
  }

  RateDecision decide(Limit limit) {
    Taken t = store.take(limit, 1);
    return t.decide(limit, t.granted() > 0, fallback);
  }

  /** Tokens available now in the tightest policy of {@code limit}. */
  long available(Limit limit) {
    return store.available(limit);
  }

  /**
   * Sets every policy of {@code limit} to hold {@code tokens} (at most its share's capacity), once per
   * {@code outage} and policy, atomically with the decisions (see {@link PolicyStore#startOnce}).
   */
  void restartOnce(Limit limit, long tokens, long outage) {
    store.startOnce(limit, tokens, outage);
  }
}
