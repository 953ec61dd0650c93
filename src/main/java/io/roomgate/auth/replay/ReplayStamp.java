package io.roomgate.auth.replay;

import java.nio.charset.StandardCharsets;

/**
 * The {@code X-Roomgate-Timestamp} and {@code X-Roomgate-Nonce} of one request: what opt-in replay-safe signing adds
 * to plugNmeet's body-only HMAC. The signature then covers {@link #signedPrefix()} followed by the body.
 *
 * @param timestamp unix seconds, as the client wrote it
 * @param nonce     16–64 URL-safe characters ({@code A-Z a-z 0-9 - _}), unique per request within the window
 */
public record ReplayStamp(long timestamp, String nonce) {
  public static final String TIMESTAMP_HEADER = "X-Roomgate-Timestamp";
  public static final String NONCE_HEADER = "X-Roomgate-Nonce";
  static final int MIN_NONCE = 16;
  static final int MAX_NONCE = 64;
  /** Unix seconds have at most 11 digits until the year 5138; longer is a mistake, not a time. */
  private static final int MAX_TIMESTAMP_DIGITS = 11;

  /** A header the stamp could not be read from; its message names the header and is safe to send back. */
  public static final class Invalid extends Exception {
    private final boolean missing;

    Invalid(boolean missing, String message) {
      super(message, null, false, false); // no stack trace: bad input, not a bug
      this.missing = missing;
    }

    /** True when a header is absent rather than malformed. */
    public boolean missing() {
      return missing;
    }
  }

  /** Reads both headers; never echoes their values (a nonce is harmless, but the rule is simpler without exceptions). */
  public static ReplayStamp parse(String timestamp, String nonce) throws Invalid {
    if (timestamp == null || timestamp.isEmpty()) {
      throw new Invalid(true, "Missing " + TIMESTAMP_HEADER + " header.");
    }
    if (nonce == null || nonce.isEmpty()) {
      throw new Invalid(true, "Missing " + NONCE_HEADER + " header.");
    }
    if (timestamp.length() > MAX_TIMESTAMP_DIGITS || !allDigits(timestamp)) {
      throw new Invalid(false, TIMESTAMP_HEADER + " must be unix seconds (digits only).");
    }
    if (nonce.length() < MIN_NONCE || nonce.length() > MAX_NONCE || !urlSafe(nonce)) {
      throw new Invalid(false, NONCE_HEADER + " must be " + MIN_NONCE + "-" + MAX_NONCE
          + " URL-safe characters (A-Z a-z 0-9 - _).");
    }
    return new ReplayStamp(Long.parseLong(timestamp), nonce);
  }

  /** {@code timestamp + "\n" + nonce + "\n"}: what the HMAC covers before the body. */
  public byte[] signedPrefix() {
    return (timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean urlSafe(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
