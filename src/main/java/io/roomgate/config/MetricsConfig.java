package io.roomgate.config;

/**
 * {@code metrics:} — Prometheus metrics on the management listener ({@code GET /metrics}).
 *
 * @param enabled {@code metrics.enabled}, default true; when false, Vert.x runs without a metrics SPI, roomgate's own
 *                meters are no-ops and {@code /metrics} answers 404
 */
public record MetricsConfig(boolean enabled) {
  public static final MetricsConfig DEFAULT = new MetricsConfig(true);
}
