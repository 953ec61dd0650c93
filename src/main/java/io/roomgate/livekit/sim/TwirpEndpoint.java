package io.roomgate.livekit.sim;

import com.google.protobuf.Message;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The generated Twirp server's routing for {@code livekit.RoomService}: verb, method name and Content-Type are
 * checked in that order (each failure a 404 bad_route), then the body is decoded with the codec the
 * Content-Type picked, and the reply goes back in that same codec. Error bodies are always JSON.
 */
final class TwirpEndpoint implements Handler<RoutingContext> {
  static final String PREFIX = "/twirp/livekit.RoomService/";

  private final RoomServiceMethods methods;
  /** RoomService calls by method name, so tests can count what the gateway asks LiveKit ({@code GET /sim/stats}). */
  private final Map<String, Long> calls = new java.util.TreeMap<>();

  TwirpEndpoint(RoomServiceMethods methods) {
    this.methods = methods;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    try {
      // X-Twirp-Timeout-Ms needs no handling: every simulated call completes immediately.
      RoomServiceMethods.Method<?> method = method(request);
      calls.merge(request.path().substring(PREFIX.length()), 1L, Long::sum);
      TwirpCodec codec = codec(request);
      Message reply = method.invoke(codec.decode(ctx.body().buffer(), method.prototype()),
          ApiKeyAuthHandler.grantOf(ctx));
      ctx.response()
          .setStatusCode(200)
          .putHeader("Content-Type", codec.contentType())
          .end(codec.encode(reply));
    } catch (TwirpException e) {
      writeError(ctx, e);
    } catch (RuntimeException e) {
      // Twirp turns handler panics into internal errors; keep the simulator answering.
      writeError(ctx, new TwirpException("internal", "internal error: " + e, Map.of()));
    }
  }

  /** The RoomService method a POST names, else bad_route. */
  private RoomServiceMethods.Method<?> method(HttpServerRequest request) throws TwirpException {
    String verb = request.method().name();
    String path = request.path();
    if (request.method() != HttpMethod.POST) {
      throw TwirpException.badRoute("unsupported method " + quote(verb) + " (only POST is allowed)", verb, path);
    }
    String name = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
    RoomServiceMethods.Method<?> method = name.contains("/") ? null : methods.find(name);
    if (method == null) {
      throw TwirpException.badRoute("no handler for path " + quote(path), verb, path);
    }
    return method;
  }

  /** The codec the Content-Type asks for, else bad_route. */
  private static TwirpCodec codec(HttpServerRequest request) throws TwirpException {
    String verb = request.method().name();
    String path = request.path();
    String contentType = request.getHeader("Content-Type");
    TwirpCodec codec = TwirpCodec.forContentType(contentType);
    if (codec == null) {
      throw TwirpException.badRoute("unexpected Content-Type: " + quote(contentType == null ? "" : contentType),
          verb, path);
    }
    return codec;
  }

  Map<String, Long> calls() {
    return calls;
  }

  static void writeError(RoutingContext ctx, TwirpException e) {
    ctx.response()
        .setStatusCode(e.httpStatus())
        .putHeader("Content-Type", "application/json") // exact value: the Node SDK compares it verbatim
        .end(e.toJson().encode());
  }

  /** Go's %q for the plain strings that show up here. */
  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
