package io.roomgate.http;

import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * What must hold before a dialect's {@link io.vertx.ext.web.handler.BodyHandler} reads a body, checked without
 * reading a byte of it (a {@link PlatformHandler}, so vertx-web refuses it anywhere but before the body handler):
 * <ul>
 *   <li>a declared {@code Content-Length} over {@code server.max_body_bytes}: {@link ErrorKind#BODY_TOO_LARGE}
 *       (a chunked body that runs over is refused by the body handler itself, with 413, while it is read);</li>
 *   <li>a form or multipart {@code Content-Type} is read as JSON: both dialects' bodies are JSON whatever the type
 *       says ({@code curl -d} sends {@code application/x-www-form-urlencoded}), and a form type would make Vert.x
 *       decode the body as a form, which fails on any {@code %} inside a JSON value.</li>
 * </ul>
 * One instance serves every request; it keeps no per-request state.
 */
public final class BodyGuard implements PlatformHandler {
  private final long maxBodyBytes;
  /** The one rejection: its message is fixed, and it carries no stack trace. */
  private final GatewayException tooLarge;

  public BodyGuard(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.tooLarge = tooLarge(maxBodyBytes);
  }

  /** The rejection of a body over {@code maxBodyBytes}, whoever noticed it (this guard or the body handler). */
  public static GatewayException tooLarge(long maxBodyBytes) {
    return new GatewayException(ErrorKind.BODY_TOO_LARGE, "request body exceeds the limit of " + maxBodyBytes
        + " bytes");
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && declaredOver(length)) {
      ctx.fail(tooLarge);
      return;
    }
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && (startsWithIgnoreCase(type, "application/x-www-form-urlencoded")
        || startsWithIgnoreCase(type, "multipart/"))) {
      request.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    ctx.next();
  }

  /** A length that is not a number is left to the body handler, as before this guard existed. */
  private boolean declaredOver(String length) {
    try {
      return Long.parseLong(length) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
