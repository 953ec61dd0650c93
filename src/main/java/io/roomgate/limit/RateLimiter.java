package io.roomgate.limit;

import io.roomgate.tenant.Tenant;
import io.vertx.core.Future;

/**
 * Decides whether one request of {@code tenant} to {@code api} may proceed now, and consumes a token when it may.
 * Implementations never fail the future (a backend failure is decided by the tenant's failure policy and marked
 * {@link RateDecision#fallback()}), never block, and never take longer than the backend's timeout.
 */
public interface RateLimiter {
  /**
   * @param tenant the authenticated tenant
   * @param api    the API name, e.g. {@code getActiveRoomInfo} or {@code get_room_list}; APIs with a per-API
   *               override in {@code tenants[].rate_limit.apis} use their own bucket, all others the tenant's
   */
  Future<RateDecision> tryAcquire(Tenant tenant, String api);

  /**
   * Drops what this node holds for a tenant that is gone (deleted through the admin API, or left out of a file reload
   * or a snapshot), so that tenants coming and going at runtime leave nothing behind. A tenant of that id created
   * later starts afresh. Limiters that keep nothing per tenant need not implement it.
   */
  default void forget(String tenantId) {
  }
}
