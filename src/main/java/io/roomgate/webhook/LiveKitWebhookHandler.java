package io.roomgate.webhook;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import livekit.LivekitWebhook.WebhookEvent;

import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * {@code POST /webhook}: LiveKit's webhooks. Verified before parsing (bad token or body hash → 403), parsed with the
 * official message class (unparsable → 422), applied once per event id, then 200. A failure to apply answers 503 and
 * forgets the id, so LiveKit's retry can apply it later.
 */
final class LiveKitWebhookHandler implements Handler<RoutingContext> {
  private static final Logger LOG = Logger.getLogger(LiveKitWebhookHandler.class.getName());
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final LiveKitWebhookVerifier verifier;
  private final EventIds seen;
  private final LiveKitEventApplier applier;

  LiveKitWebhookHandler(LiveKitWebhookVerifier verifier, EventIds seen, LiveKitEventApplier applier) {
    this.verifier = verifier;
    this.seen = seen;
    this.applier = applier;
  }

  @Override
  public void handle(RoutingContext ctx) {
    verifier.verify(ctx.request().getHeader("Authorization"), ctx.body().buffer()).onComplete(verified -> {
      if (verified.failed()) {
        LOG.warning("rejected a LiveKit webhook: " + verified.cause().getMessage());
        reply(ctx, 403, "forbidden");
        return;
      }
      WebhookEvent event;
      try {
        WebhookEvent.Builder b = WebhookEvent.newBuilder();
        PARSER.merge(ctx.body().buffer().toString(StandardCharsets.UTF_8), b);
        event = b.build();
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        reply(ctx, 422, "unparsable webhook body");
        return;
      }
      String id = event.getId();
      (id.isEmpty() ? io.vertx.core.Future.succeededFuture(true) : seen.firstTime(id))
          .compose(first -> first ? applier.apply(event).map(true) : io.vertx.core.Future.succeededFuture(false))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              reply(ctx, 200, ar.result() ? "ok" : "duplicate");
            } else {
              LOG.warning("could not apply LiveKit " + event.getEvent() + " " + id + ": " + ar.cause().getMessage());
              if (!id.isEmpty()) {
                seen.forget(id);
              }
              reply(ctx, 503, "try again");
            }
          });
    });
  }

  private static void reply(RoutingContext ctx, int status, String text) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
  }
}
