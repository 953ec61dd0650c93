package io.roomgate.config;

/**
 * How long a client may take over each part of an HTTP/1 exchange, and how many connections a listener holds. The
 * public listener takes them from {@code server:}; the management listener and the embedded LiveKit simulator apply
 * the same values (the standalone simulator applies {@link #DEFAULTS}).
 *
 * @param headerTimeoutMs    a new connection must complete its first request's headers within this
 *                           ({@code server.header_timeout_ms}, default 10,000)
 * @param bodyTimeoutMs      a request's body must be complete this long after its headers
 *                           ({@code server.body_timeout_ms}, default 30,000)
 * @param idleTimeoutSeconds a connection on which no request or answer moves for this long is closed
 *                           ({@code server.idle_timeout_seconds}, default 60); a load balancer's upstream keep-alive
 *                           should be shorter, so that it never sends on a connection the gateway is closing
 * @param maxConnections     open connections per listener and process; one more is closed as soon as it is accepted
 *                           ({@code server.max_connections}, default 10,000)
 */
public record ConnectionLimits(long headerTimeoutMs, long bodyTimeoutMs, int idleTimeoutSeconds, int maxConnections) {
  public static final long DEFAULT_HEADER_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_BODY_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final ConnectionLimits DEFAULTS = new ConnectionLimits(DEFAULT_HEADER_TIMEOUT_MS,
      DEFAULT_BODY_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_MAX_CONNECTIONS);

  /** Checks every invariant; each error names its key under {@code server}. */
  public ConnectionLimits {
    InvalidConfigValue.checkAtLeast(headerTimeoutMs, 1, "header_timeout_ms");
    InvalidConfigValue.checkAtLeast(bodyTimeoutMs, 1, "body_timeout_ms");
    InvalidConfigValue.checkAtLeast(idleTimeoutSeconds, 1, "idle_timeout_seconds");
    InvalidConfigValue.checkAtLeast(maxConnections, 1, "max_connections");
  }
}
