package io.roomgate.metrics;

import io.roomgate.http.ClientAddress;
import io.roomgate.http.TenantContext;
import io.roomgate.tenant.Tenant;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The first handler of the public router, before the dialect mounts: gives each request an id (answered as
 * {@code X-Request-Id}), and at response end records the request metrics and writes the access-log line.
 *
 * <p>It labels by route, not path ({@link ApiRoutes}), by the outcome the dialect reported ({@link RequestOutcome},
 * else one derived from the HTTP status), and by the tenant that authenticated ({@link TenantContext}), or
 * {@code none}. Shared by every event loop: it keeps no per-request state in fields.
 */
public final class ObservabilityHandler implements PlatformHandler {
  public static final String REQUEST_ID_HEADER = "X-Request-Id";
  private static final String REQUEST_ID_KEY = "roomgate.requestId";

  private final ApiRoutes routes;
  private final GatewayMetrics metrics;
  private final AccessLog accessLog;

  public ObservabilityHandler(ApiRoutes routes, GatewayMetrics metrics, AccessLog accessLog) {
    this.routes = routes;
    this.metrics = metrics;
    this.accessLog = accessLog;
  }

  /** The id of this request, as logged and sent in {@code X-Request-Id}; null if the handler did not run. */
  public static String requestId(RoutingContext ctx) {
    return ctx.get(REQUEST_ID_KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String requestId = newRequestId();
    ctx.put(REQUEST_ID_KEY, requestId);
    ctx.response().putHeader(REQUEST_ID_HEADER, requestId);
    ApiRoutes.Route route = routes.classify(path(ctx));
    // A failed end result can still follow a complete response (e.g. an h2c upgrade closing the HTTP/1 side):
    // only a response that never ended counts as client_closed.
    ctx.addEndHandler(ar -> done(ctx, route, requestId, start, ar.succeeded() || ctx.response().ended()));
    ctx.next();
  }

  private void done(RoutingContext ctx, ApiRoutes.Route route, String requestId, long start, boolean ended) {
    long nanos = System.nanoTime() - start;
    int status = ended ? ctx.response().getStatusCode() : 0;
    RequestOutcome outcome = ended ? RequestOutcome.of(ctx, status) : RequestOutcome.CLIENT_CLOSED;
    Tenant tenant = TenantContext.find(ctx);
    if (tenant != null && tenant.internal()) {
      return; // the gateway's own warm-up: no tenant's numbers
    }
    String tenantId = tenant == null ? null : tenant.id();
    metrics.request(route, outcome, status, tenantId, nanos);
    if (accessLog.enabled()) {
      String client = ClientAddress.of(ctx); // behind trusted proxies, the client they name
      accessLog.log(new AccessLog.Entry(requestId, metrics.tenantLabel(tenantId), route.dialect(), route.api(),
          ctx.request().method().name(), status, outcome.label(), nanos, client.isEmpty() ? null : client));
    }
  }

  /** The normalized path; the raw one when Vert.x cannot normalize it (a bad %-escape, answered 400 further on). */
  private static String path(RoutingContext ctx) {
    try {
      return ctx.normalizedPath();
    } catch (IllegalArgumentException e) {
      return ctx.request().path();
    }
  }

  /** 16 hex digits from a thread-local generator: unique enough to find a line, and free of locks. */
  static String newRequestId() {
    long v = ThreadLocalRandom.current().nextLong();
    char[] c = new char[16];
    for (int i = 15; i >= 0; i--) {
      c[i] = Character.forDigit((int) (v & 0xf), 16);
      v >>>= 4;
    }
    return new String(c);
  }
}
