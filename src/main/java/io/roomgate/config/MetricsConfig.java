package io.roomgate.config;

/**
 * {@code metrics:} — Prometheus metrics on the management listener ({@code GET /metrics}).
 *
 * @param enabled {@code metrics.enabled}, default true; when false, Vert.x runs without a metrics SPI, roomgate's own
 *                meters are no-ops and {@code /metrics} answers 404
 * @param maxTenantSeries {@code metrics.max_tenant_series}, default 1,000: tenants that get series of their own
 *                        (the file's first, in file order, then the admin API's in id order); the rest are counted as
 *                        {@code tenant="other"}, so that the series count stays bounded with many tenants
 */
public record MetricsConfig(boolean enabled, int maxTenantSeries) {
  public static final int DEFAULT_MAX_TENANT_SERIES = 1_000;
  public static final MetricsConfig DEFAULTS = new MetricsConfig(true, DEFAULT_MAX_TENANT_SERIES);

  public MetricsConfig {
    InvalidConfigValue.checkAtLeast(maxTenantSeries, 0, "max_tenant_series");
  }
}
