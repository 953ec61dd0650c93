package io.roomgate.http;

/**
 * Makes an exception safe to log: exception messages may quote what a client sent (Netty's URI decoder quotes the
 * whole URI, a Tencent UserSig with it), so an unexpected failure is logged with its class names and stack frames
 * only.
 */
public final class LogSafe {
  private LogSafe() {
  }

  /** A copy of {@code t} (and its causes) carrying only class names and stack frames; {@code null} stays null. */
  public static Throwable redact(Throwable t) {
    return redact(t, 0);
  }

  private static Throwable redact(Throwable t, int depth) {
    if (t == null) {
      return null;
    }
    Throwable cause = depth < 8 && t.getCause() != t ? redact(t.getCause(), depth + 1) : null;
    Redacted r = new Redacted(t.getClass().getName(), cause);
    r.setStackTrace(t.getStackTrace());
    return r;
  }

  /** Prints as {@code <original class name> (message withheld)}. */
  private static final class Redacted extends RuntimeException {
    private final String className;

    Redacted(String className, Throwable cause) {
      super(null, cause, false, true);
      this.className = className;
    }

    @Override
    public String toString() {
      return className + " (message withheld)";
    }
  }
}
