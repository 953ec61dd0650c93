package io.roomgate.limit;

import io.roomgate.config.RateLimitConfig;
import io.roomgate.tenant.Tenant;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Limit}s in use, built once per tenant configuration and API, so that a decision builds nothing. Only
 * APIs the configuration names ({@code apis}, {@code costs}) get an entry of their own; every other path shares the
 * tenant's, so the map is bounded by the configuration, not by what clients send.
 */
final class Limits {
  private final ConcurrentHashMap<String, Limit> cache = new ConcurrentHashMap<>();

  Limit of(Tenant tenant, String api) {
    RateLimitConfig c = tenant.config().rateLimit();
    boolean own = api != null && (c.perApi().containsKey(api) || c.costs().containsKey(api));
    String key = Limit.key(tenant.id(), own ? api : null);
    Limit l = cache.get(key);
    if (l != null && l.source() == c) {
      return l; // the hot path: one map read
    }
    l = Limit.of(tenant, own ? api : null);
    cache.put(key, l); // a reload's new configuration replaces the old one's entry
    return l;
  }

  /** Limits of {@code tenantId} held (tests). */
  int held(String tenantId) {
    return (int) cache.keySet().stream().filter(key -> Limit.isKeyOf(key, tenantId)).count();
  }

  /** Drops the limits of {@code tenantId}. */
  void forget(String tenantId) {
    cache.keySet().removeIf(key -> Limit.isKeyOf(key, tenantId));
  }
}
