package io.roomgate.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the process's {@link Vertx}, with or without metrics. With metrics, Vert.x reports its HTTP server, HTTP
 * client (LiveKit), pools (Redis connections and waits, worker pools) and the JVM (memory, GC, threads, class
 * loading, processor) into one {@link PrometheusMeterRegistry}, which {@code GET /metrics} scrapes.
 *
 * <p>Labels are bounded: the HTTP server is labelled by matched route ({@code HTTP_ROUTE}), never by path, the
 * remote address is left out, and HTTP client pools (named after their destination) are not reported, so the series
 * count does not grow with traffic or with the destinations tenants choose for their webhooks.
 */
public final class MetricsVertx {
  private static final AtomicInteger SEQ = new AtomicInteger();
  static final String HTTP_CLIENT_POOL_TYPE = "http";
  /**
   * JVM binder meters whose Prometheus names fail {@code promtool check metrics} (abbreviated units, a gauge ending
   * in {@code _count}); their content is covered by {@code process_cpu_usage} and the GC/memory meters.
   */
  static final Set<String> LINT_FAILING = Set.of("jvm.compilation.time", "process.cpu.time", "system.cpu.count");

  /** A Vert.x instance and its registry ({@code null} when metrics are off). */
  public record Instance(Vertx vertx, PrometheusMeterRegistry registry) {
  }

  private MetricsVertx() {
  }

  /** A Prometheus registry with roomgate's meter filters; meters registered later pass through them. */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(MeterFilter.deny(id -> LINT_FAILING.contains(id.getName())));
    // Vert.x names each HTTP client pool after its server (host:port); tenants choose their webhook destinations, so
    // that label would grow without bound. Those pools are not reported (merging them under one name makes
    // Micrometer warn about the re-registered gauges); LiveKit calls have roomgate's own meters.
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().startsWith("vertx.pool.")
        && HTTP_CLIENT_POOL_TYPE.equals(id.getTag("pool_type"))));
    return registry;
  }

  public static Instance create(boolean metricsEnabled) {
    if (!metricsEnabled) {
      return new Instance(Vertx.vertx(), null);
    }
    PrometheusMeterRegistry registry = newRegistry();
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        // one registry per Vert.x instance: tests run several gateways in one JVM
        .setRegistryName("roomgate-" + SEQ.incrementAndGet())
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
            Label.POOL_NAME, Label.NAMESPACE))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    // Vert.x's per-request HTTP server meters cost about a third of the hot path's throughput; roomgate's own
    // roomgate_requests_seconds and roomgate_http_connections cover them at a fraction of the cost.
    options.addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.HTTP_SERVER);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    return new Instance(vertx, registry);
  }
}
