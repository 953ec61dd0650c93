package io.roomgate.config;

import java.util.Map;

/**
 * {@code tenants[].rate_limit:} — a token bucket per tenant and, where configured, per API.
 *
 * @param qps    sustained requests per second ({@code qps}, default 200)
 * @param burst  bucket capacity ({@code burst}, default = qps)
 * @param perApi overrides by API name, e.g. {@code get_room_list: {qps: 10}} ({@code apis})
 */
public record RateLimitConfig(long qps, long burst, Map<String, RateLimitConfig> perApi) {
  public static final long DEFAULT_QPS = 200;

  public RateLimitConfig {
    perApi = perApi == null ? Map.of() : Map.copyOf(perApi);
  }
}
