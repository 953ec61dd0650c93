package io.roomgate.livekit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * Turns a Twirp HTTP answer into its protobuf payload or a {@link LiveKitException}.
 * See spec/livekit-roomservice.md §2.4: a Twirp error is {@code {"code","msg","meta"}}; anything else came from an
 * intermediary (a proxy, LiveKit's plain-text auth middleware) and is classified by HTTP status as Twirp clients do.
 */
final class TwirpResponses {
  private TwirpResponses() {
  }

  static <T> T decode(HttpResponse<Buffer> response, Parser<T> parser) {
    return decode(response.statusCode(), response.body(), parser);
  }

  static <T> T decode(int status, Buffer body, Parser<T> parser) {
    if (status == 200) {
      try {
        return parser.parseFrom(body == null ? new byte[0] : body.getBytes());
      } catch (InvalidProtocolBufferException e) {
        throw new LiveKitException("internal", 200, "LiveKit sent an unreadable protobuf reply", e);
      }
    }
    throw error(status, body);
  }

  static LiveKitException error(HttpResponse<Buffer> response) {
    return error(response.statusCode(), response.body());
  }

  static LiveKitException error(int status, Buffer body) {
    if (body != null && body.length() > 0 && body.getByte(0) == '{') {
      try {
        JsonObject json = body.toJsonObject();
        String code = json.getString("code");
        if (code != null) {
          return new LiveKitException(code, status, "LiveKit: " + code + ": " + json.getString("msg", ""), null);
        }
      } catch (DecodeException | ClassCastException ignored) {
        // not a Twirp error body: fall through to the intermediary classification
      }
    }
    return new LiveKitException(intermediaryCode(status), status, "LiveKit answered HTTP " + status, null);
  }

  /** The Twirp clients' mapping for non-Twirp error bodies. */
  static String intermediaryCode(int status) {
    return switch (status) {
      case 400 -> "internal";
      case 401 -> "unauthenticated";
      case 403 -> "permission_denied";
      case 404 -> "bad_route";
      case 429 -> LiveKitException.RESOURCE_EXHAUSTED;
      case 502, 503, 504 -> LiveKitException.UNAVAILABLE;
      default -> "unknown";
    };
  }
}
