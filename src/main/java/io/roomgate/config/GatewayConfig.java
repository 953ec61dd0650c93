package io.roomgate.config;

import java.util.List;

/** The whole configuration, immutable and validated by {@link ConfigLoader}. */
public record GatewayConfig(
    ServerConfig server,
    ManagementConfig management,
    RedisConfig redis,
    LiveKitConfig livekit,
    WebhookConfig webhooks,
    LimiterConfig limiter,
    List<TenantConfig> tenants,
    MetricsConfig metrics,
    AccessLogConfig accessLog,
    AdminConfig admin) {

  public GatewayConfig {
    limiter = limiter == null ? LimiterConfig.DEFAULTS : limiter;
    tenants = List.copyOf(tenants);
    metrics = metrics == null ? MetricsConfig.DEFAULT : metrics;
    accessLog = accessLog == null ? AccessLogConfig.DEFAULT : accessLog;
    admin = admin == null ? AdminConfig.NONE : admin;
  }

  /** Whether state and limits are shared through Redis (else they live in process). */
  public boolean distributed() {
    return redis != null;
  }
}
