package io.roomgate.livekit.sim;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A Twirp error as LiveKit writes it: {@code {"code","msg","meta"}} with the HTTP status Twirp maps the code to.
 * Domain errors carry LiveKit's {@code twirp error unknown: } prefix because LiveKit passes psrpc errors through
 * xtwirp, which renders them that way (spec §2.5 c).
 */
final class TwirpException extends Exception {
  private static final String PSRPC_PREFIX = "twirp error unknown: ";

  private final String code;
  private final Map<String, String> meta;

  TwirpException(String code, String msg, Map<String, String> meta) {
    super(msg, null, false, false); // control flow, not a bug: no stack trace
    this.code = code;
    this.meta = Map.copyOf(meta);
  }

  static TwirpException badRoute(String msg, String verb, String path) {
    return new TwirpException("bad_route", msg, Map.of("twirp_invalid_route", verb + " " + path));
  }

  static TwirpException malformed(String msg) {
    return new TwirpException("malformed", msg, Map.of());
  }

  static TwirpException permissionsDenied() {
    return new TwirpException("unauthenticated", "permissions denied", Map.of());
  }

  /** What {@code twirp.InvalidArgumentError(argument, validationMsg)} produces. */
  static TwirpException invalidArgument(String argument, String validationMsg) {
    return new TwirpException("invalid_argument", argument + " " + validationMsg, Map.of("argument", argument));
  }

  /** A psrpc-style domain error, e.g. not_found "requested room does not exist". */
  static TwirpException domain(String code, String msg) {
    return new TwirpException(code, PSRPC_PREFIX + msg, Map.of());
  }

  static TwirpException roomNotFound() {
    return domain("not_found", "requested room does not exist");
  }

  static TwirpException participantNotFound() {
    return domain("not_found", "participant does not exist");
  }

  String code() {
    return code;
  }

  Map<String, String> meta() {
    return meta;
  }

  int httpStatus() {
    return switch (code) {
      case "canceled", "deadline_exceeded" -> 408;
      case "invalid_argument", "malformed", "out_of_range" -> 400;
      case "not_found", "bad_route" -> 404;
      case "already_exists", "aborted" -> 409;
      case "permission_denied" -> 403;
      case "unauthenticated" -> 401;
      case "resource_exhausted" -> 429;
      case "failed_precondition" -> 412;
      case "unimplemented" -> 501;
      case "unavailable" -> 503;
      default -> 500; // unknown, internal, data_loss
    };
  }

  /** Twirp omits {@code meta} when it is empty. */
  JsonObject toJson() {
    JsonObject body = new JsonObject().put("code", code).put("msg", getMessage());
    if (!meta.isEmpty()) {
      body.put("meta", new JsonObject(Map.copyOf(meta)));
    }
    return body;
  }
}
