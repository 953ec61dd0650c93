package io.roomgate.webhook;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomgate.http.ClientAddress;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.limit.RateLimitHeaders;
import io.roomgate.metrics.RequestOutcome;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import livekit.LivekitWebhook.WebhookEvent;

import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * {@code POST /webhook}: LiveKit's webhooks. Also the route's failure handler (it renders what the size guard
 * rejects), so one object answers everything on the route:
 * <pre>
 * root.post("/webhook").handler(BodyHandler.create(false).setBodyLimit(max)).handler(h).failureHandler(h);
 * </pre>
 * Outcomes, all {@code text/plain}:
 * <ul>
 *   <li>403: not verified (no token, bad signature, another issuer, expired, no {@code exp}, body hash mismatch)</li>
 *   <li>413: body over {@code server.max_body_bytes}, refused before it is read on (never logged)</li>
 *   <li>429 with {@code Retry-After}: not verified, and the client IP spent its failed-authentication budget</li>
 *   <li>422: verified, but not a LiveKit {@code WebhookEvent}, or an event without an {@code id}</li>
 *   <li>200 {@code ok} / {@code duplicate}: applied once per event id; 503 when applying failed (the id is
 *       forgotten, so LiveKit's retry can apply it later)</li>
 * </ul>
 * 403s and 413s take one token each from the client IP's failed-authentication budget ({@link AuthFailureLimiter},
 * shared with both dialects): neither is an authenticated request. A 422 comes from a verified sender and does not.
 */
final class LiveKitWebhookHandler implements Handler<RoutingContext> {
  private static final Logger LOG = Logger.getLogger(LiveKitWebhookHandler.class.getName());
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final LiveKitWebhookVerifier verifier;
  private final EventIds seen;
  private final LiveKitEventApplier applier;
  private final AuthFailureLimiter authFailures;

  /** @param authFailures {@code null} = no budget (every unverified webhook gets 403) */
  LiveKitWebhookHandler(LiveKitWebhookVerifier verifier, EventIds seen, LiveKitEventApplier applier,
                        AuthFailureLimiter authFailures) {
    this.verifier = verifier;
    this.seen = seen;
    this.applier = applier;
    this.authFailures = authFailures;
  }

  /** The same handler, counting its rejections in {@code authFailures}. */
  LiveKitWebhookHandler withBudget(AuthFailureLimiter authFailures) {
    return new LiveKitWebhookHandler(verifier, seen, applier, authFailures);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.failed()) {
      failure(ctx);
      return;
    }
    verifier.verify(ctx.request().getHeader("Authorization"), ctx.body().buffer()).onComplete(verified -> {
      if (verified.failed()) {
        unauthenticated(ctx, 403, "forbidden", verified.cause().getMessage());
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
      if (id.isEmpty()) {
        // LiveKit gives every event an EV_ id; without one it could be neither deduplicated nor replayed safely
        reply(ctx, 422, "webhook event has no id");
        return;
      }
      seen.firstTime(id)
          .compose(first -> first ? applier.apply(event).map(true) : Future.succeededFuture(false))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              reply(ctx, 200, ar.result() ? "ok" : "duplicate");
            } else {
              LOG.warning("could not apply LiveKit " + event.getEvent() + " " + id + ": " + ar.cause().getMessage());
              seen.forget(id);
              reply(ctx, 503, "try again");
            }
          });
    });
  }

  /** What a stage before this one failed with: the size guard's 413 above all. No stack trace for any of it. */
  private void failure(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    int status = ctx.statusCode();
    if (status == 413) {
      unauthenticated(ctx, 413, "request body too large", null);
    } else if (status < 500) {
      // 4xx, or below 400: the BodyHandler's code for a request stream that broke (bad chunk framing, a reset)
      reply(ctx, status >= 400 ? status : 400, "bad request");
    } else {
      Throwable t = ctx.failure();
      LOG.severe("unexpected failure on /webhook: " + (t == null ? "status " + status : t.getClass().getName()));
      reply(ctx, 500, "internal error");
    }
  }

  /**
   * A webhook that could not be verified: {@code status} while the client IP's failure budget lasts, then 429.
   *
   * @param reason safe to log (never the token), or {@code null} for nothing to log
   */
  private void unauthenticated(RoutingContext ctx, int status, String text, String reason) {
    if (authFailures != null) {
      String client = ClientAddress.of(ctx);
      if (authFailures.failed(client) == AuthFailureLimiter.Answer.TOO_MANY_FAILURES) {
        // refused quietly: a flood of forgeries logs no more lines than the budget allows
        RequestOutcome.set(ctx, RequestOutcome.AUTH_FAILED);
        ctx.response().putHeader(RateLimitHeaders.RETRY_AFTER, Long.toString(authFailures.retryAfterSeconds(client)));
        reply(ctx, 429, "too many failed authentications");
        return;
      }
    }
    if (reason != null) {
      LOG.warning("rejected a LiveKit webhook: " + reason);
    }
    reply(ctx, status, text);
  }

  private static void reply(RoutingContext ctx, int status, String text) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
  }
}
