package io.roomgate.limit;

import io.roomgate.tenant.Tenant;
import io.vertx.core.Future;

import java.util.List;

/**
 * Reads a tenant's policies without taking from them, from the same state the limiter decides on: the usage
 * report of {@code GET /admin/tenants/{id}/usage}.
 */
public interface RateLimitUsage {

  /**
   * One policy's state.
   *
   * @param name          {@code app}, an API name (its own bucket) or a quota name
   * @param kind          {@code bucket} or {@code quota}
   * @param limit         tokens per second of a bucket, per window of a quota
   * @param windowSeconds 1 for a bucket, the window of a quota
   * @param capacity      a bucket's burst, a quota's limit
   * @param remaining     tokens left now
   * @param resetSeconds  until a bucket is full again, until a quota's window ends
   */
  record PolicyUsage(String name, String kind, long limit, long windowSeconds, long capacity, long remaining,
                     long resetSeconds) {
  }

  /** Every policy of {@code tenant}; fails if the state cannot be read (Redis down). */
  Future<List<PolicyUsage>> usage(Tenant tenant);

  /** The report of one read, in the order of {@link Limit#all}. */
  static List<PolicyUsage> report(Limit all, Taken t) {
    List<PolicyUsage> out = new java.util.ArrayList<>();
    for (int i = 0; i < all.policies().size(); i++) {
      Policy p = all.policies().get(i);
      out.add(new PolicyUsage(p.name(), p.isWindow() ? "quota" : "bucket", p.amount(),
          p.isWindow() ? p.windowSeconds() : 1, p.capacity(), t.remaining()[i], RateDecision.ceilSeconds(t.resetNanos()[i])));
    }
    return out;
  }
}
