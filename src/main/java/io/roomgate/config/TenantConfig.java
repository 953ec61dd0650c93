package io.roomgate.config;

import java.util.List;

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

  public TenantConfig {
    if (maxActiveRooms < 1) {
      throw new IllegalArgumentException("maxActiveRooms must be at least 1, was " + maxActiveRooms);
    }
  }

  /** A tenant with the default {@link #DEFAULT_MAX_ACTIVE_ROOMS}. */
  public TenantConfig(String id, RateLimitConfig rateLimit, PlugNmeet plugnmeet, Tencent tencent, String webhookUrl) {
    this(id, rateLimit, plugnmeet, tencent, webhookUrl, DEFAULT_MAX_ACTIVE_ROOMS);
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

    public PlugNmeet {
      if (replayWindowSeconds < 0 || replayWindowSeconds > MAX_REPLAY_WINDOW_SECONDS) {
        throw new IllegalArgumentException("replayWindowSeconds must be 0-" + MAX_REPLAY_WINDOW_SECONDS);
      }
    }

    /** Credentials without a previous secret or replay protection. */
    public PlugNmeet(String apiKey, String apiSecret) {
      this(apiKey, apiSecret, null, 0, 0);
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
    public Tencent {
      admins = List.copyOf(admins);
    }

    public Tencent(long sdkAppId, String secretKey, List<String> admins) {
      this(sdkAppId, secretKey, admins, null, 0);
    }

    @Override
    public String toString() {
      return "Tencent[sdkAppId=" + sdkAppId + ", secretKey=<redacted>, admins=" + admins
          + (previousSecretKey == null ? "" : ", previousSecretKey=<redacted>, previousExpiresAt=" + previousExpiresAt)
          + "]";
    }
  }
}
