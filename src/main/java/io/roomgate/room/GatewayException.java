package io.roomgate.room;

/** A failure with a kind from the catalogue and a message that is safe to show the caller. */
public final class GatewayException extends RuntimeException {
  private final ErrorKind kind;

  public GatewayException(ErrorKind kind, String clientMessage) {
    super(clientMessage, null, false, false);
    this.kind = kind;
  }

  public GatewayException(ErrorKind kind, String clientMessage, Throwable cause) {
    super(clientMessage, cause, false, false);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }
}
