package io.roomgate.config;

/**
 * {@code management:} — the operator listener: {@code /health}, {@code /ready}, {@code /metrics}.
 *
 * @param host bind address ({@code management.host}, default 127.0.0.1)
 * @param port bind port ({@code management.port}, default 8081)
 * @param tls  TLS on the management port ({@code management.tls}), or {@code null} for plain HTTP
 */
public record ManagementConfig(String host, int port, TlsConfig tls) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8081;

  /** Checks every invariant; each error names its key under {@code management}. */
  public ManagementConfig {
    InvalidConfigValue.check(host != null && !host.isBlank(), "host", "is required");
    InvalidConfigValue.checkPort(port, "port");
  }
}
