package io.roomgate.http;

import io.roomgate.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The one place that turns {@code <listener>.tls} into Vert.x options: TLS 1.2 and 1.3 only (older versions have
 * known downgrade attacks and no client we serve needs them), HTTP/2 over ALPN beside HTTP/1.1, and client
 * certificates required when a CA file is configured. The handshake must end within the header timeout: the
 * {@link ConnectionGuard} sees a TLS connection only once it is established, so this bounds the time before.
 */
public final class TlsOptions {
  /** The protocol versions offered. */
  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private TlsOptions() {
  }

  /** {@code options} with TLS on, as configured. */
  public static HttpServerOptions apply(HttpServerOptions options, TlsConfig tls, long handshakeTimeoutMs) {
    options.setSsl(true)
        .setKeyCertOptions(keyCert(tls))
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setSslHandshakeTimeout(handshakeTimeoutMs)
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    if (tls.caFile() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile())).setClientAuth(ClientAuth.REQUIRED);
    }
    return options;
  }

  /** The same settings for {@code HttpServer.updateSSLOptions}: the files are read again when it is applied. */
  public static ServerSSLOptions ssl(TlsConfig tls, long handshakeTimeoutMs) {
    ServerSSLOptions ssl = new ServerSSLOptions()
        .setKeyCertOptions(keyCert(tls))
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setUseAlpn(true)
        .setApplicationLayerProtocols(List.of(HttpVersion.HTTP_2.alpnName(), HttpVersion.HTTP_1_1.alpnName()))
        .setSslHandshakeTimeout(handshakeTimeoutMs)
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    if (tls.caFile() != null) {
      ssl.setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile())).setClientAuth(ClientAuth.REQUIRED);
    }
    return ssl;
  }

  /**
   * One handshake with a listener of this process, before it is reported ready: Vert.x builds a listener's SSL
   * context on its first connection, on the event loop that accepted it, and on a busy 2-core machine that took over
   * 2 s, long enough for requests of other connections on that loop to miss their LiveKit deadlines. The outcome
   * does not matter (with {@code ca_file} the server refuses this client), only that the context exists afterwards.
   */
  public static Future<Void> warm(Vertx vertx, String host, int port) {
    String target = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    NetClient client = vertx.createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true)
        .setHostnameVerificationAlgorithm("").setConnectTimeout(5_000));
    return client.connect(port, target)
        .compose(socket -> socket.close())
        .otherwiseEmpty()
        .eventually(client::close)
        .mapEmpty();
  }

  private static PemKeyCertOptions keyCert(TlsConfig tls) {
    return new PemKeyCertOptions().setCertPath(tls.certFile()).setKeyPath(tls.keyFile());
  }
}
