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

  private final String twirpCode;
  private final int httpStatus;

  public LiveKitException(String twirpCode, int httpStatus, String message, Throwable cause) {
    super(message, cause, false, false);
    this.twirpCode = twirpCode;
    this.httpStatus = httpStatus;
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
