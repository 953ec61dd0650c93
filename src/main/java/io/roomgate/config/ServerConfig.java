package io.roomgate.config;

/**
 * {@code server:} — the public API listener.
 *
 * @param host          bind address ({@code server.host}, default 127.0.0.1)
 * @param port          bind port ({@code server.port}, default 8080)
 * @param maxBodyBytes  larger request bodies get 413 ({@code server.max_body_bytes}, default 1 MiB)
 * @param eventLoops    API verticle instances, one per event loop ({@code server.event_loops}, default = cores)
 * @param warmupSeconds at start, at most how long the gateway warms up (pools, scripts, its own pipelines) before it
 *                      says ready ({@code server.warmup_seconds}, default 10; 0 = no warm-up)
 * @param drainSeconds  after SIGTERM, how long the listeners keep accepting (answering with
 *                      {@code Connection: close}) while {@code /ready} says 503 ({@code server.drain_seconds},
 *                      default 5)
 * @param connections   slow, idle and surplus clients ({@code server.header_timeout_ms}, {@code body_timeout_ms},
 *                      {@code idle_timeout_seconds}, {@code max_connections})
 * @param trustedProxies peers whose {@code Forwarded} / {@code X-Forwarded-For} (and PROXY protocol header) name the
 *                      client ({@code server.trusted_proxies}, default none: the socket's peer is the client)
 * @param proxyProtocol every connection starts with a PROXY protocol v1/v2 header, and comes from a trusted proxy
 *                      ({@code server.proxy_protocol}, default false)
 * @param tls           TLS on the API port ({@code server.tls}), or {@code null} for plain HTTP
 */
public record ServerConfig(String host, int port, long maxBodyBytes, int eventLoops, long warmupSeconds,
                           long drainSeconds,
                           ConnectionLimits connections, java.util.List<CidrBlock> trustedProxies,
                           boolean proxyProtocol, TlsConfig tls) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final long DEFAULT_WARMUP_SECONDS = 10;
  public static final long DEFAULT_DRAIN_SECONDS = 5;

  /** Checks every invariant; each error names its key under {@code server}. */
  public ServerConfig {
    InvalidConfigValue.check(host != null && !host.isBlank(), "host", "is required");
    InvalidConfigValue.checkPort(port, "port");
    InvalidConfigValue.checkAtLeast(maxBodyBytes, 1, "max_body_bytes");
    InvalidConfigValue.checkAtLeast(eventLoops, 1, "event_loops");
    InvalidConfigValue.checkAtLeast(warmupSeconds, 0, "warmup_seconds");
    InvalidConfigValue.checkAtLeast(drainSeconds, 0, "drain_seconds");
    java.util.Objects.requireNonNull(connections, "connections");
    trustedProxies = java.util.List.copyOf(trustedProxies);
    // PROXY headers are only believed from trusted peers, so with none every connection would be closed
    InvalidConfigValue.check(!proxyProtocol || !trustedProxies.isEmpty(), "proxy_protocol",
        "needs server.trusted_proxies (the load balancers' networks)");
  }
}
