package io.roomgate.limit;

import io.roomgate.config.RateLimitConfig;
import io.roomgate.tenant.Tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Everything one request of a tenant to one API draws from, decided all or nothing: the API's own bucket (if
 * {@code apis} names it), the tenant's bucket and every quota, each by {@code cost} tokens.
 *
 * @param tenantId     the tenant
 * @param key          names this set of policies for per-node state (leases, denial hints, outage ledgers): the
 *                     tenant id, plus {@code \0<api>} for an API with a bucket or cost of its own
 * @param policies     what applies, the API's bucket first
 * @param cost         tokens taken from each policy per request
 * @param shadow       {@code mode: shadow}: decisions are counted, never enforced
 * @param onRedisError the tenant's failure policy
 * @param policyField  the {@code RateLimit-Policy} value, built once
 * @param source       the configuration this was built from (a reload makes a new one)
 */
record Limit(String tenantId, String key, List<Policy> policies, long cost, boolean shadow,
             RateLimitConfig.OnRedisError onRedisError, String policyField, RateLimitConfig source) {
  static final String APP = "app";

  /** The limit of {@code tenant}'s requests to {@code api} ({@code null}: an API with nothing of its own). */
  static Limit of(Tenant tenant, String api) {
    RateLimitConfig c = tenant.config().rateLimit();
    String own = api != null && (c.perApi().containsKey(api) || c.costs().containsKey(api)) ? api : null;
    List<Policy> policies = new ArrayList<>();
    RateLimitConfig perApi = own == null ? null : c.perApi().get(own);
    if (perApi != null) {
      policies.add(Policy.bucket(own, "api:" + own, perApi.qps(), perApi.burst()));
    }
    policies.add(Policy.bucket(APP, APP, c.qps(), c.burst()));
    c.quotas().forEach(q -> policies.add(Policy.window(q.name(), q.limit(), q.windowSeconds())));
    return new Limit(tenant.id(), key(tenant.id(), own), List.copyOf(policies),
        c.cost(own), c.shadow(), c.onRedisError(), field(policies), c);
  }

  /** Every policy of {@code tenant}: its bucket, its quotas and every per-API bucket (the usage report). */
  static Limit all(Tenant tenant) {
    RateLimitConfig c = tenant.config().rateLimit();
    List<Policy> policies = new ArrayList<>();
    policies.add(Policy.bucket(APP, APP, c.qps(), c.burst()));
    c.quotas().forEach(q -> policies.add(Policy.window(q.name(), q.limit(), q.windowSeconds())));
    c.perApi().forEach((api, b) -> policies.add(Policy.bucket(api, "api:" + api, b.qps(), b.burst())));
    return new Limit(tenant.id(), key(tenant.id(), "*"), List.copyOf(policies), 1, c.shadow(), c.onRedisError(),
        field(policies), c);
  }

  /** The {@link #key()} of {@code tenantId}'s requests to {@code api} ({@code null}: nothing of its own). */
  static String key(String tenantId, String api) {
    return api == null ? tenantId : tenantId + '\0' + api;
  }

  /** Whether {@code key} is one of {@code tenantId}'s keys (and not one of a tenant whose id begins the same). */
  static boolean isKeyOf(String key, String tenantId) {
    return key.startsWith(tenantId) && (key.length() == tenantId.length() || key.charAt(tenantId.length()) == '\0');
  }

  private static String field(List<Policy> policies) {
    StringJoiner j = new StringJoiner(", ");
    policies.forEach(p -> j.add(p.headerItem()));
    return j.toString();
  }

  /** The most tokens any one policy can hold: no lease and no fallback share is larger. */
  long smallestCapacity() {
    long min = Long.MAX_VALUE;
    for (Policy p : policies) {
      min = Math.min(min, p.capacity());
    }
    return min;
  }
}
