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
    AdminConfig admin,
    TenantPlans plans) {

  public GatewayConfig {
    limiter = limiter == null ? LimiterConfig.DEFAULTS : limiter;
    tenants = List.copyOf(tenants);
    metrics = metrics == null ? MetricsConfig.DEFAULT : metrics;
    accessLog = accessLog == null ? AccessLogConfig.DEFAULT : accessLog;
    admin = admin == null ? AdminConfig.NONE : admin;
    plans = plans == null ? TenantPlans.NONE : plans;
  }

  /** Without {@code plans} (they are resolved into the file's tenants; only the admin API's tenants need them). */
  public GatewayConfig(ServerConfig server, ManagementConfig management, RedisConfig redis, LiveKitConfig livekit,
                       WebhookConfig webhooks, LimiterConfig limiter, List<TenantConfig> tenants, MetricsConfig metrics,
                       AccessLogConfig accessLog, AdminConfig admin) {
    this(server, management, redis, livekit, webhooks, limiter, tenants, metrics, accessLog, admin, TenantPlans.NONE);
  }

  /** Whether state and limits are shared through Redis (else they live in process). */
  public boolean distributed() {
    return redis != null;
  }
}
