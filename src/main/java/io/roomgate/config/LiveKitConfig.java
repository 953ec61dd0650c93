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

  public static final int DEFAULT_BREAKER_FAILURES = 5;
  public static final long DEFAULT_BREAKER_RESET_MS = 500;
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final long DEFAULT_RETRY_BACKOFF_MS = 50;
  public static final long DEFAULT_RECONCILE_INTERVAL_MS = 30_000;
  public static final int DEFAULT_MAX_SYNCS_PER_SECOND = 50;

  /** Every setting but {@code max_syncs_per_second}, which takes its default. */
  public LiveKitConfig(String url, String apiKey, String apiSecret, int embeddedPort, int poolSize,
                       long connectTimeoutMs, long requestTimeoutMs, long joinTokenTtlSeconds, long presenceMaxAgeMs,
                       int breakerFailures, long breakerResetMs, int maxRetries, long retryBackoffMs,
                       long reconcileIntervalMs) {
    this(url, apiKey, apiSecret, embeddedPort, poolSize, connectTimeoutMs, requestTimeoutMs, joinTokenTtlSeconds,
        presenceMaxAgeMs, breakerFailures, breakerResetMs, maxRetries, retryBackoffMs, reconcileIntervalMs,
        DEFAULT_MAX_SYNCS_PER_SECOND);
  }

  /** The connection settings with the default breaker and retry policy. */
  public LiveKitConfig(String url, String apiKey, String apiSecret, int embeddedPort, int poolSize,
                       long connectTimeoutMs, long requestTimeoutMs, long joinTokenTtlSeconds, long presenceMaxAgeMs) {
    this(url, apiKey, apiSecret, embeddedPort, poolSize, connectTimeoutMs, requestTimeoutMs, joinTokenTtlSeconds,
        presenceMaxAgeMs, DEFAULT_BREAKER_FAILURES, DEFAULT_BREAKER_RESET_MS, DEFAULT_MAX_RETRIES,
        DEFAULT_RETRY_BACKOFF_MS, DEFAULT_RECONCILE_INTERVAL_MS);
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
