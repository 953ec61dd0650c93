package io.roomgate.config;

/**
 * {@code management:} — the operator listener: {@code /health}, {@code /ready}, {@code /metrics}.
 *
 * @param host bind address ({@code management.host}, default 127.0.0.1)
 * @param port bind port ({@code management.port}, default 8081)
 * @param tls  TLS on the management port ({@code management.tls}), or {@code null} for plain HTTP
 */
public record ManagementConfig(String host, int port, TlsConfig tls) {
  /** A plain-HTTP listener. */
  public ManagementConfig(String host, int port) {
    this(host, port, null);
  }
}
