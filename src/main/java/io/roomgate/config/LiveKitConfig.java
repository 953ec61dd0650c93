package io.roomgate.config;

/**
 * {@code livekit:} — where rooms really live.
 *
 * @param url                 LiveKit's HTTP base URL; {@code null} starts the embedded simulator
 * @param apiKey              API key ({@code livekit.api_key})
 * @param apiSecret           API secret, at least 32 characters ({@code livekit.api_secret})
 * @param embeddedPort        simulator port when {@code url} is absent ({@code livekit.embedded_port}, default 7880)
 * @param poolSize            keep-alive connections per event loop ({@code livekit.pool_size}, default 16)
 * @param connectTimeoutMs    TCP connect deadline ({@code livekit.connect_timeout_ms}, default 1000)
 * @param requestTimeoutMs    deadline of every RoomService call ({@code livekit.request_timeout_ms}, default 3000)
 * @param joinTokenTtlSeconds validity of join tokens from getJoinToken ({@code livekit.join_token_ttl_seconds}, default 600)
 * @param presenceMaxAgeMs    how long participant lists fed by webhooks are served before a full ListParticipants
 *                            sync is queued to repair missed events ({@code livekit.presence_max_age_ms}, default
 *                            15000; 0 = every read queues one); the read itself never waits for it
 * @param breakerFailures     consecutive failed calls (no answer in time, connection refused, HTTP 5xx) that open the
 *                            circuit breaker of the LiveKit host ({@code livekit.breaker_failures}, default 5)
 * @param breakerResetMs      how long an open breaker fails calls fast before it lets one probe call through
 *                            (half-open) ({@code livekit.breaker_reset_ms}, default 500)
 * @param maxRetries          further attempts of a failed idempotent call within its deadline
 *                            ({@code livekit.max_retries}, default 2)
 * @param retryBackoffMs      the first retry's mean delay, doubled per attempt, with full jitter
 *                            ({@code livekit.retry_backoff_ms}, default 50)
 * @param reconcileIntervalMs how often LiveKit's rooms are compared with the store's and repaired, besides each time
 *                            LiveKit answers again after an outage ({@code livekit.reconcile_interval_ms}, default
 *                            30000; 0 = only after outages)
 * @param maxSyncsPerSecond   background presence repairs (full ListParticipants syncs) this gateway starts in any
 *                            second at most ({@code livekit.max_syncs_per_second}, default 50); reads never wait
 *                            for them
 */
public record LiveKitConfig(
    String url,
    String apiKey,
    String apiSecret,
    int embeddedPort,
    int poolSize,
    long connectTimeoutMs,
    long requestTimeoutMs,
    long joinTokenTtlSeconds,
    long presenceMaxAgeMs,
    int breakerFailures,
    long breakerResetMs,
    int maxRetries,
    long retryBackoffMs,
    long reconcileIntervalMs,
    int maxSyncsPerSecond) {

  public static final int DEFAULT_EMBEDDED_PORT = 7880;
  public static final int DEFAULT_POOL_SIZE = 16;
  public static final long DEFAULT_CONNECT_TIMEOUT_MS = 1000;
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 3000;
  public static final long DEFAULT_JOIN_TOKEN_TTL_SECONDS = 600;
  public static final long DEFAULT_PRESENCE_MAX_AGE_MS = 15_000;
  public static final int DEFAULT_BREAKER_FAILURES = 5;
  public static final long DEFAULT_BREAKER_RESET_MS = 500;
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final long DEFAULT_RETRY_BACKOFF_MS = 50;
  public static final long DEFAULT_RECONCILE_INTERVAL_MS = 30_000;
  public static final int DEFAULT_MAX_SYNCS_PER_SECOND = 50;

  /** Checks every invariant; each error names its key under {@code livekit}. */
  public LiveKitConfig {
    InvalidConfigValue.check(url == null || url.startsWith("http://") || url.startsWith("https://"), "url",
        "must be an http:// or https:// URL");
    InvalidConfigValue.check(apiKey != null && !apiKey.isBlank(), "api_key", "is required");
    InvalidConfigValue.check(apiSecret != null && !apiSecret.isBlank(), "api_secret", "is required");
    InvalidConfigValue.checkPort(embeddedPort, "embedded_port");
    InvalidConfigValue.checkAtLeast(poolSize, 1, "pool_size");
    InvalidConfigValue.checkAtLeast(connectTimeoutMs, 1, "connect_timeout_ms");
    InvalidConfigValue.checkAtLeast(requestTimeoutMs, 1, "request_timeout_ms");
    InvalidConfigValue.checkAtLeast(joinTokenTtlSeconds, 1, "join_token_ttl_seconds");
    InvalidConfigValue.checkAtLeast(presenceMaxAgeMs, 0, "presence_max_age_ms");
    InvalidConfigValue.checkAtLeast(breakerFailures, 1, "breaker_failures");
    InvalidConfigValue.checkAtLeast(breakerResetMs, 1, "breaker_reset_ms");
    InvalidConfigValue.checkAtLeast(maxRetries, 0, "max_retries");
    InvalidConfigValue.checkAtLeast(retryBackoffMs, 1, "retry_backoff_ms");
    InvalidConfigValue.checkAtLeast(reconcileIntervalMs, 0, "reconcile_interval_ms");
    InvalidConfigValue.checkAtLeast(maxSyncsPerSecond, 1, "max_syncs_per_second");
  }

  /**
   * A LiveKit room of a tenant that the store does not hold is taken for an orphan once it is this old: older than
   * any create between its LiveKit call (bounded by the request deadline) and its store claim can be.
   */
  public long orphanAgeSeconds() {
    return (2 * requestTimeoutMs + 999) / 1000 + 1;
  }

  public boolean embedded() {
    return url == null;
  }
}
