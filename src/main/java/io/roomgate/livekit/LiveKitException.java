package io.roomgate.livekit;

/**
 * A failed RoomService call, classified by Twirp code and HTTP status, never by message text.
 * {@code httpStatus} is 0 when no HTTP answer arrived (connect error, deadline).
 */
public final class LiveKitException extends RuntimeException {
  public static final String NOT_FOUND = "not_found";
  public static final String UNAVAILABLE = "unavailable";
  public static final String DEADLINE_EXCEEDED = "deadline_exceeded";
  public static final String RESOURCE_EXHAUSTED = "resource_exhausted";

  /** What is known about where a failed call got to. */
  public enum Flag {
    /** No connection was had: the request never reached LiveKit, so it took no effect. */
    NOT_SENT,
    /** The host's circuit breaker is open: the call failed fast, without trying. */
    CIRCUIT_OPEN,
    /**
     * The deadline passed while the call waited for one of the gateway's pooled connections: the gateway was
     * saturated, not LiveKit, and nothing was sent.
     */
    QUEUED,
    /** Nothing more is known (an answer came, or the request may have reached LiveKit). */
    NONE
  }

  private final String twirpCode;
  private final int httpStatus;
  private final Flag flag;

  public LiveKitException(String twirpCode, int httpStatus, String message, Throwable cause) {
    this(twirpCode, httpStatus, message, cause, Flag.NONE);
  }

  public LiveKitException(String twirpCode, int httpStatus, String message, Throwable cause, Flag flag) {
    super(message, cause, false, false);
    this.twirpCode = twirpCode;
    this.httpStatus = httpStatus;
    this.flag = flag;
  }

  /** The request never left the gateway (breaker open, or no connection): LiveKit did not act on it. */
  public boolean notSent() {
    return flag == Flag.NOT_SENT || flag == Flag.CIRCUIT_OPEN || flag == Flag.QUEUED;
  }

  /** The deadline passed while the call waited for a pooled connection (see {@link Flag#QUEUED}). */
  public boolean queued() {
    return flag == Flag.QUEUED;
  }

  /** Failed fast because the host's circuit breaker is open. */
  public boolean circuitOpen() {
    return flag == Flag.CIRCUIT_OPEN;
  }

  /**
   * The request may have reached LiveKit and taken effect although no answer came (reset, deadline): a CreateRoom
   * that failed this way may have created the room.
   */
  public boolean outcomeUnknown() {
    return httpStatus == 0 && !notSent();
  }

  public String twirpCode() {
    return twirpCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean notFound() {
    return NOT_FOUND.equals(twirpCode);
  }

  /** LiveKit could not be reached, timed out, or shed load: worth telling the caller to try again. */
  public boolean transientFailure() {
    return httpStatus == 0 || UNAVAILABLE.equals(twirpCode) || DEADLINE_EXCEEDED.equals(twirpCode)
        || RESOURCE_EXHAUSTED.equals(twirpCode);
  }
}
