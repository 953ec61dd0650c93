package io.roomgate.config;

/**
 * {@code rate_limit:} (top level) — settings of the limiter itself, shared by all tenants. The per-tenant limits are
 * under {@code tenants[].rate_limit}.
 *
 * @param enabled             whether tenants' limits are enforced at all ({@code enabled}, default true)
 * @param nodes               how many gateway processes share the Redis; with {@code on_redis_error: local} each
 *                            node enforces {@code qps / nodes} while Redis is down ({@code nodes}, default 1)
 * @param authFailureBurst    failed authentications one client IP may make in a row before it gets 429
 *                            ({@code auth_failures.burst}, default 20)
 * @param authFailurePerMinute how fast that budget refills ({@code auth_failures.per_minute}, default 60)
 * @param authFailureMaxClients client IPs tracked at most; past it, idle entries are dropped
 *                            ({@code auth_failures.max_clients}, default 100000)
 */
public record LimiterConfig(boolean enabled, int nodes, long authFailureBurst, long authFailurePerMinute,
                            int authFailureMaxClients) {
  public static final LimiterConfig DEFAULTS = new LimiterConfig(true, 1, 20, 60, 100_000);

  /** Checks every invariant; each error names its key under {@code rate_limit}. */
  public LimiterConfig {
    InvalidConfigValue.checkAtLeast(nodes, 1, "nodes");
    InvalidConfigValue.checkAtLeast(authFailureBurst, 1, "auth_failures.burst");
    InvalidConfigValue.checkAtLeast(authFailurePerMinute, 1, "auth_failures.per_minute");
    InvalidConfigValue.checkAtLeast(authFailureMaxClients, 1, "auth_failures.max_clients");
  }
}
