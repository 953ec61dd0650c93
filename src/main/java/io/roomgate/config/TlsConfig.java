package io.roomgate.config;

/**
 * {@code server.tls} / {@code management.tls}: the listener speaks TLS 1.2/1.3 (HTTP/2 over ALPN beside HTTP/1.1)
 * with a PEM certificate chain and key, re-read when the files change.
 *
 * @param certFile PEM certificate chain ({@code cert_file}), leaf first
 * @param keyFile  PEM private key ({@code key_file}), PKCS#8 or PKCS#1
 * @param caFile   PEM CA certificates ({@code ca_file}); when set, every client must present a certificate they
 *                 signed; {@code null} = no client certificates
 */
public record TlsConfig(String certFile, String keyFile, String caFile) {
  public TlsConfig {
    InvalidConfigValue.check(certFile != null, "cert_file", "is required");
    InvalidConfigValue.check(keyFile != null, "key_file", "is required");
  }
}
