package io.roomgate.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code tenants[]:} — one app. A tenant speaks plugNmeet, Tencent, or both.
 *
 * @param id        stable id, {@code [a-z0-9_-]}, used in room names, keys and metrics
 * @param rateLimit its rate limit
 * @param plugnmeet plugNmeet credentials, or {@code null}
 * @param tencent   Tencent credentials, or {@code null}
 * @param webhookUrl where every room event of the tenant goes, besides each room's own {@code webhook_url}; or
 *                   {@code null}
 * @param maxActiveRooms how many rooms the tenant may have active at once ({@code max_active_rooms}); creating
 *                       one more is refused, re-creating an active one is not
 */
public record TenantConfig(String id, RateLimitConfig rateLimit, PlugNmeet plugnmeet, Tencent tencent,
                           String webhookUrl, int maxActiveRooms) {

  /** {@code tenants[].max_active_rooms} when the configuration does not say. */
  public static final int DEFAULT_MAX_ACTIVE_ROOMS = 10_000;

  /** Checks every invariant; each error names its key under {@code tenants[]}. */
  public TenantConfig {
    InvalidConfigValue.check(id != null && !id.isBlank(), "id", "is required");
    Objects.requireNonNull(rateLimit, "rateLimit");
    InvalidConfigValue.check(plugnmeet != null || tencent != null, "plugnmeet",
        "a tenant needs plugnmeet or tencent credentials");
    InvalidConfigValue.checkAtLeast(maxActiveRooms, 1, "max_active_rooms");
  }

  /**
   * A secret being rotated out differs from the current one and comes with the time it stops verifying; without
   * one there is no such time.
   */
  private static void checkPrevious(String current, String previousKey, String previous, long expiresAt) {
    if (previous == null) {
      InvalidConfigValue.check(expiresAt == 0, "previous_expires_at", "needs " + previousKey);
    } else {
      InvalidConfigValue.check(!previous.equals(current), previousKey, "must differ from the current secret");
      InvalidConfigValue.checkAtLeast(expiresAt, 1, "previous_expires_at");
    }
  }

  /**
   * {@code plugnmeet: {api_key, api_secret, previous_api_secret, previous_expires_at, replay_window_seconds?}} — the
   * API-KEY header value and the HMAC secret; during a rotation also the old secret, which verifies too until
   * {@code previousExpiresAt}; and the opt-in replay window (0 = off: the signature covers the body only, as
   * plugNmeet's own).
   *
   * @param previousApiSecret the secret being rotated out, or {@code null}
   * @param previousExpiresAt unix seconds from which the previous secret no longer verifies (0 without one)
   */
  public record PlugNmeet(String apiKey, String apiSecret, String previousApiSecret, long previousExpiresAt,
                          int replayWindowSeconds) {
    /** The longest replay window: a nonce is remembered for up to twice it. */
    public static final int MAX_REPLAY_WINDOW_SECONDS = 3_600;

    /** Checks every invariant; each error names its key under {@code plugnmeet}. */
    public PlugNmeet {
      InvalidConfigValue.check(apiKey != null && !apiKey.isBlank(), "api_key", "is required");
      InvalidConfigValue.check(apiSecret != null && !apiSecret.isEmpty(), "api_secret", "is required");
      checkPrevious(apiSecret, "previous_api_secret", previousApiSecret, previousExpiresAt);
      InvalidConfigValue.check(replayWindowSeconds >= 0 && replayWindowSeconds <= MAX_REPLAY_WINDOW_SECONDS,
          "replay_window_seconds", "must be between 0 and " + MAX_REPLAY_WINDOW_SECONDS + ", was "
              + replayWindowSeconds);
    }

    @Override
    public String toString() {
      return "PlugNmeet[apiKey=" + apiKey + ", apiSecret=<redacted>"
          + (previousApiSecret == null ? "" : ", previousApiSecret=<redacted>, previousExpiresAt=" + previousExpiresAt)
          + ", replayWindowSeconds=" + replayWindowSeconds + "]";
    }
  }

  /**
   * {@code tencent: {sdkappid, secret_key, admins, previous_secret_key, previous_expires_at}} — the app, its UserSig
   * key and the identifiers allowed to call; during a rotation also the old key, valid until {@code previousExpiresAt}.
   *
   * @param previousSecretKey the key being rotated out, or {@code null}
   * @param previousExpiresAt unix seconds from which the previous key no longer verifies (0 without one)
   */
  public record Tencent(long sdkAppId, String secretKey, List<String> admins, String previousSecretKey,
                        long previousExpiresAt) {
    /** Checks every invariant; each error names its key under {@code tencent}. */
    public Tencent {
      InvalidConfigValue.checkAtLeast(sdkAppId, 1, "sdkappid");
      InvalidConfigValue.check(secretKey != null && !secretKey.isEmpty(), "secret_key", "is required");
      admins = List.copyOf(admins);
      InvalidConfigValue.check(!admins.isEmpty(), "admins", "at least one admin identifier is required");
      checkPrevious(secretKey, "previous_secret_key", previousSecretKey, previousExpiresAt);
    }

    @Override
    public String toString() {
      return "Tencent[sdkAppId=" + sdkAppId + ", secretKey=<redacted>, admins=" + admins
          + (previousSecretKey == null ? "" : ", previousSecretKey=<redacted>, previousExpiresAt=" + previousExpiresAt)
          + "]";
    }
  }
}
