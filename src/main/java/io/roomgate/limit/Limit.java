package io.roomgate.limit;

import io.roomgate.config.RateLimitConfig;
import io.roomgate.tenant.Tenant;

/**
 * The bucket one request draws from: the tenant's ({@code scope = "app"}) or a per-API override's
 * ({@code scope = "api:<name>"}), with its rate.
 *
 * @param tenantId the tenant
 * @param scope    {@code app} or {@code api:<name>}; names the bucket (map key, Redis key suffix)
 * @param policy   the policy name in the headers: {@code app} or the API name
 * @param qps      tokens per second
 * @param burst    capacity
 * @param onRedisError the tenant's failure policy
 */
record Limit(String tenantId, String scope, String policy, long qps, long burst,
             RateLimitConfig.OnRedisError onRedisError) {
  static final String APP = "app";

  static Limit of(Tenant tenant, String api) {
    RateLimitConfig base = tenant.config().rateLimit();
    RateLimitConfig override = api == null ? null : base.perApi().get(api);
    if (override == null) {
      return new Limit(tenant.id(), APP, APP, base.qps(), base.burst(), base.onRedisError());
    }
    return new Limit(tenant.id(), "api:" + api, api, override.qps(), override.burst(), base.onRedisError());
  }

  /** Map key of the bucket: tenant and scope (a tenant id has no NUL). */
  String bucketKey() {
    return tenantId + '\0' + scope;
  }
}
