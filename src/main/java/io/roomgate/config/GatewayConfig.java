package io.roomgate.config;

import java.util.List;
import java.util.Objects;

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

  /** Every section but {@code redis} (absent: state lives in process) is required; the loader fills in defaults. */
  public GatewayConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(management, "management");
    Objects.requireNonNull(livekit, "livekit");
    Objects.requireNonNull(webhooks, "webhooks");
    Objects.requireNonNull(limiter, "limiter");
    tenants = List.copyOf(tenants);
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(accessLog, "accessLog");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(plans, "plans");
  }

  /** Whether state and limits are shared through Redis (else they live in process). */
  public boolean distributed() {
    return redis != null;
  }
}
