package io.roomgate.livekit.sim;

import io.vertx.core.Future;
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

  @Override
  public Future<?> start() {
    RoomRegistry registry = new RoomRegistry();
    AccessTokenVerifier verifier = new AccessTokenVerifier(options.apiKeys());
    Router router = Router.router(vertx);

    router.route().handler(new Cors());

    router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("OK"));
    router.route(TwirpEndpoint.PREFIX + "*")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_API_BODY))
        .handler(new ApiKeyAuthHandler(verifier))
        .handler(new TwirpEndpoint(new RoomServiceMethods(registry)));
    new ControlApi(registry, verifier).mount(router);
    router.errorHandler(413, ctx -> PlainText.send(ctx, 413, "request body too large"));

    return vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
        .requestHandler(router)
        .listen()
        .onSuccess(server -> port = server.actualPort());
  }
}
