package io.roomgate.room;

/**
 * A failure with a kind from the catalogue and a message that is safe to show the caller: what the room service
 * returns and what every stage of a dialect's pipeline passes to {@code ctx.fail(...)}. It never fills in a stack
 * trace (a rejection is not a bug, and clients can send rejections as fast as they like), so an instance with a
 * fixed message may be built once and raised for every request.
 */
public final class GatewayException extends RuntimeException {
  private final ErrorKind kind;
  private final Enum<?> dialectCode;

  public GatewayException(ErrorKind kind, String clientMessage) {
    this(kind, clientMessage, null, null);
  }

  public GatewayException(ErrorKind kind, String clientMessage, Throwable cause) {
    this(kind, clientMessage, null, cause);
  }

  /**
   * A failure raised by a dialect's own stage that knows the dialect's code for it, which is more precise than the
   * kind's (plugNmeet's {@code INVALID_API_KEY} where the kind says {@link ErrorKind#UNAUTHENTICATED}, Tencent's
   * 70001 for an expired UserSig). Only that dialect's failure handler reads it; the kind still decides how the
   * request counts in the metrics.
   */
  public GatewayException(ErrorKind kind, String clientMessage, Enum<?> dialectCode) {
    this(kind, clientMessage, dialectCode, null);
  }

  private GatewayException(ErrorKind kind, String clientMessage, Enum<?> dialectCode, Throwable cause) {
    super(clientMessage, cause, false, false);
    this.kind = kind;
    this.dialectCode = dialectCode;
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The raising dialect's own code for this failure, or {@code null}: the dialect renders the kind's default. */
  public Enum<?> dialectCode() {
    return dialectCode;
  }
}
