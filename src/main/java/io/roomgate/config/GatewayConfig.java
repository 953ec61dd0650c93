package io.roomgate.config;

import java.util.List;

/** The whole configuration, immutable and validated by {@link ConfigLoader}. */
public record GatewayConfig(
    ServerConfig server,
    ManagementConfig management,
    RedisConfig redis,
    LiveKitConfig livekit,
    LimiterConfig limiter,
    List<TenantConfig> tenants) {

  public GatewayConfig {
    limiter = limiter == null ? LimiterConfig.DEFAULTS : limiter;
    tenants = List.copyOf(tenants);
  }

  /** Whether state and limits are shared through Redis (else they live in process). */
  public boolean distributed() {
    return redis != null;
  }
}
