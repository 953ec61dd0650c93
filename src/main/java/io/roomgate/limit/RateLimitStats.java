package io.roomgate.limit;

import io.roomgate.tenant.Tenant;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of every decision, by tenant: allowed, limited, and how many of those were fallbacks (Redis failed or
 * timed out). Plus Redis failures and requests refused for too many failed authentications. Lock-free
 * ({@link LongAdder}); a metrics registry can bind these as function counters.
 */
public final class RateLimitStats {

  /** The counters of one tenant. */
  public static final class Counts {
    private final LongAdder allowed = new LongAdder();
    private final LongAdder limited = new LongAdder();
    private final LongAdder fallback = new LongAdder();
    private final LongAdder wouldLimit = new LongAdder();

    public long allowed() {
      return allowed.sum();
    }

    public long limited() {
      return limited.sum();
    }

    /** Shadow-mode decisions that would have been limited (the request went on). */
    public long wouldLimit() {
      return wouldLimit.sum();
    }

    /** Decisions (allowed or limited) taken without Redis by the tenant's {@code on_redis_error} policy. */
    public long fallback() {
      return fallback.sum();
    }

    @Override
    public String toString() {
      return "allowed=" + allowed() + ", limited=" + limited() + ", would_limit=" + wouldLimit() + ", fallback="
          + fallback();
    }
  }

  /** Told of each decision as it is counted, e.g. to feed the metrics registry. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param outcome {@code allowed}, {@code limited}, {@code would_limit} (shadow mode: limited, but not enforced),
     *                or additionally {@code fallback} for a fallback decision
     */
    void decided(String tenantId, String outcome);
  }

  private final ConcurrentHashMap<String, Counts> byTenant = new ConcurrentHashMap<>();
  private final Listener listener;

  public RateLimitStats() {
    this((tenant, outcome) -> { });
  }

  public RateLimitStats(Listener listener) {
    this.listener = listener;
  }
  private final LongAdder backendErrors = new LongAdder();
  private final LongAdder authFailureRefusals = new LongAdder();

  /** Counts one decision of {@code tenantId}. */
  public void record(String tenantId, RateDecision d) {
    if (Tenant.isInternal(tenantId)) {
      return; // the gateway's own warm-up
    }
    Counts c = byTenant.get(tenantId);
    if (c == null) {
      c = byTenant.computeIfAbsent(tenantId, k -> new Counts());
    }
    String outcome = d.allowed() ? "allowed" : d.shadow() ? "would_limit" : "limited";
    (d.allowed() ? c.allowed : d.shadow() ? c.wouldLimit : c.limited).increment();
    listener.decided(tenantId, outcome);
    if (d.fallback()) {
      c.fallback.increment();
      listener.decided(tenantId, "fallback");
    }
  }

  void backendError() {
    backendErrors.increment();
  }

  void authFailureRefusal() {
    authFailureRefusals.increment();
  }

  /** The counters of {@code tenantId} (all zero if it made no request yet). */
  public Counts of(String tenantId) {
    return byTenant.computeIfAbsent(tenantId, k -> new Counts());
  }

  /** A snapshot of which tenants have counters; each {@link Counts} is live. */
  public Map<String, Counts> byTenant() {
    return Map.copyOf(byTenant);
  }

  /** Redis calls of the limiter that failed or timed out. */
  public long backendErrors() {
    return backendErrors.sum();
  }

  /** Requests refused with 429 because their client IP spent its failed-authentication budget. */
  public long authFailureRefusals() {
    return authFailureRefusals.sum();
  }
}
