package io.roomgate.webhook;

import io.roomgate.config.GatewayConfig;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.room.ParticipantDirectory;
import io.roomgate.room.RoomService;
import io.roomgate.tenant.TenantRegistry;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;


/**
 * The webhook side of the gateway: LiveKit's webhooks in ({@link #liveKitHandler}, mounted at {@code /webhook}) and
 * tenants' webhooks out (in process, or durable on a Redis Stream when Redis is configured).
 */
public final class Webhooks {
  /** LiveKit retries an event for well under this; ids are remembered this long. */
  private static final long SEEN_RETENTION_SECONDS = 600;

  private final LiveKitWebhookHandler liveKitHandler;
  private final TenantWebhooks tenantWebhooks;
  private final WebhookDispatcher dispatcher;
  private final RedisStreamEventQueue stream;
  private final RetryingEventSink waiting;
  private final Vertx vertx;

  private Webhooks(Vertx vertx, LiveKitWebhookHandler liveKitHandler, TenantWebhooks tenantWebhooks,
                   WebhookDispatcher dispatcher, RedisStreamEventQueue stream, RetryingEventSink waiting) {
    this.vertx = vertx;
    this.liveKitHandler = liveKitHandler;
    this.tenantWebhooks = tenantWebhooks;
    this.dispatcher = dispatcher;
    this.stream = stream;
    this.waiting = waiting;
  }

  /**
   * Builds both directions and starts delivery. Room lifecycle events (created, finished) are hooked into
   * {@code rooms} here.
   *
   * @param participants where LiveKit's participant and track events change presence
   * @param redis {@code null} without Redis
   * @param clock the gateway's clock (event ages, signing, retries, seen-id retention)
   * @param bodies renders the events tenants receive, in their dialect's shape
   */
  public static Future<Webhooks> start(Vertx vertx, GatewayConfig config, TenantRegistry tenants, RoomService rooms,
                                       ParticipantDirectory participants, Redis redis, GatewayClock clock,
                                       EventBodyRenderer bodies) {
    Context deliveryContext = vertx.getOrCreateContext();
    WebhookDispatcher dispatcher = new WebhookDispatcher(vertx, deliveryContext,
        new WebhookSigner(vertx, tenants, clock), config.webhooks(), clock);
    RedisStreamEventQueue stream = redis == null ? null
        : new RedisStreamEventQueue(vertx, deliveryContext, redis, dispatcher, config.redis().timeoutMs());
    // With Redis, an event Redis could not take waits in this process until it can (RetryingEventSink).
    RetryingEventSink waiting = stream == null ? null
        : new RetryingEventSink(vertx, stream, config.webhooks().maxQueue());
    TenantEventSink sink = waiting != null ? waiting : new InProcessEventQueue(dispatcher);
    TenantWebhooks tenantWebhooks = new TenantWebhooks(tenants, sink, bodies, clock);
    rooms.lifecycle(tenantWebhooks);
    EventIds seen = redis == null
        ? new InMemoryEventIds(clock, SEEN_RETENTION_SECONDS * 1000, 100_000)
        : new RedisEventIds(redis, SEEN_RETENTION_SECONDS, config.redis().timeoutMs());
    LiveKitWebhookHandler handler = new LiveKitWebhookHandler(
        new LiveKitWebhookVerifier(vertx, config.livekit().apiKey(), config.livekit().apiSecret()), seen,
        new LiveKitEventApplier(tenants, rooms, participants, tenantWebhooks), null);
    Webhooks webhooks = new Webhooks(vertx, handler, tenantWebhooks, dispatcher, stream, waiting);
    return (stream == null ? Future.<Void>succeededFuture() : stream.start()).map(webhooks);
  }

  /**
   * The handler of {@code POST /webhook}, which is also the route's failure handler (it renders the size guard's 413).
   *
   * @param authFailures the client IPs' failed-authentication budget its rejections count in
   */
  public Handler<RoutingContext> liveKitHandler(AuthFailureLimiter authFailures) {
    return liveKitHandler.withBudget(authFailures);
  }

  public TenantWebhooks tenantWebhooks() {
    return tenantWebhooks;
  }

  /** Delivered, retried and dropped tenant webhook attempts ({@code roomgate_webhook_deliveries_total}). */
  public long delivered() {
    return dispatcher.delivered();
  }

  public long retries() {
    return dispatcher.retries();
  }

  public long dropped() {
    return dispatcher.dropped();
  }

  /** Deliveries refused by the destination policy (not http(s), or an address that is not allowed). */
  public long refused() {
    return dispatcher.refused();
  }

  public Future<Void> close() {
    Future<Void> stopped = stream == null ? Future.succeededFuture() : stream.stop();
    return stopped.eventually(() -> {
      if (waiting != null) {
        waiting.close(vertx);
      }
      dispatcher.close();
      return Future.succeededFuture();
    });
  }
}
