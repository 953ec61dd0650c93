package io.roomgate.livekit.sim;

import io.roomgate.http.ConnectionGuard;
import io.roomgate.http.ConnectionStats;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A LiveKit RoomService stand-in (control plane only, no media) that speaks LiveKit's Twirp wire closely enough for
 * the official server SDKs. All state lives in this verticle and is only touched from its context.
 *
 * <p>Routes: {@code GET /} health, {@code /twirp/livekit.RoomService/*} the RoomService, {@code /sim/*} the
 * test-only control API ({@link ControlApi}).
 */
public final class LiveKitSimulator extends VerticleBase {
  /** LiveKit main's API body limit. */
  private static final long MAX_API_BODY = 10L * 1024 * 1024;

  private final SimulatorOptions options;
  private volatile int port = -1;
  private volatile WebhookEmitter webhooks;

  public LiveKitSimulator(SimulatorOptions options) {
    this.options = options;
  }

  /** The bound port once deployed (useful when the options asked for port 0). */
  public int port() {
    if (port < 0) {
      throw new IllegalStateException("LiveKit simulator is not listening yet");
    }
    return port;
  }

  /**
   * Where webhooks go (LiveKit's {@code webhook.urls}); empty = none. Safe to call from any thread once deployed.
   */
  public Future<Void> webhookUrls(List<String> urls) {
    WebhookEmitter emitter = webhooks;
    if (emitter == null) {
      return Future.failedFuture("LiveKit simulator is not started yet");
    }
    context.runOnContext(v -> emitter.urls(urls));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> start() {
    // Webhooks are signed with the first configured key, as LiveKit's webhook.api_key names one of its keys.
    Map.Entry<String, String> signingKey = options.apiKeys().entrySet().iterator().next();
    webhooks = new WebhookEmitter(vertx, signingKey.getKey(), signingKey.getValue());
    RoomRegistry registry = new RoomRegistry(webhooks);
    AccessTokenVerifier verifier = new AccessTokenVerifier(options.apiKeys());
    TwirpEndpoint twirp = new TwirpEndpoint(new RoomServiceMethods(registry));
    Router router = Router.router(vertx);

    router.route().handler(new Cors());

    router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("OK"));
    router.route(TwirpEndpoint.PREFIX + "*")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_API_BODY))
        .handler(new ApiKeyAuthHandler(verifier))
        .handler(twirp);
    new ControlApi(registry, verifier, twirp, webhooks).mount(router);
    router.errorHandler(413, ctx -> PlainText.send(ctx, 413, "request body too large"));

    HttpServerOptions serverOptions = ConnectionGuard.options(new HttpServerOptions(), options.limits(), false)
        .setHost(options.host()).setPort(options.port());
    return new ConnectionGuard(vertx, options.limits(), new ConnectionStats(options.limits().maxConnections()), null,
        GatewayClock.SYSTEM)
        .install(vertx.createHttpServer(serverOptions), router)
        .listen()
        .onSuccess(server -> port = server.actualPort());
  }
}
