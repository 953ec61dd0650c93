package io.roomgate.http;

import io.roomgate.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Re-reads a listener's certificate files when they change, without a restart: every {@link #CHECK_MILLIS} it asks
 * the file system (asynchronously) for the files' size and modification time, and when either moved it hands the
 * server new SSL options ({@code updateSSLOptions(..., force)}: the paths are the same, so Vert.x would otherwise
 * keep its cached context). New connections get the new certificate; open ones keep theirs. A change is applied once
 * the files have stood still for one check, so a certificate and key replaced one after the other load together; a
 * file that still fails to load leaves the old certificate in place, is counted and logged, and is retried at the
 * next check, since the stamp is only recorded once a load succeeded.
 */
public final class CertificateReloader {
  /** How often the files are checked. */
  public static final long CHECK_MILLIS = 1_000;
  private static final Logger LOG = Logger.getLogger(CertificateReloader.class.getName());

  /** Reloads of one listener, counted by result; shared by its instances. */
  public static final class Stats {
    final LongAdder reloaded = new LongAdder();
    final LongAdder failed = new LongAdder();

    public long reloaded() {
      return reloaded.sum();
    }

    public long failed() {
      return failed.sum();
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final TlsConfig tls;
  private final long handshakeTimeoutMs;
  private final String listener;
  private final Stats stats;
  private String stamp;
  private String pending;
  private boolean checking;
  private long timer = -1;

  private CertificateReloader(Vertx vertx, HttpServer server, TlsConfig tls, long handshakeTimeoutMs, String listener,
                              Stats stats) {
    this.vertx = vertx;
    this.server = server;
    this.tls = tls;
    this.handshakeTimeoutMs = handshakeTimeoutMs;
    this.listener = listener;
    this.stats = stats;
  }

  /**
   * Starts watching for {@code server}, whose current certificate is the files as they are now.
   *
   * @param listener the configuration key of the listener, for the log ({@code server.tls})
   */
  public static Future<CertificateReloader> start(Vertx vertx, HttpServer server, TlsConfig tls,
                                                  long handshakeTimeoutMs, String listener, Stats stats) {
    CertificateReloader r = new CertificateReloader(vertx, server, tls, handshakeTimeoutMs, listener, stats);
    return r.readStamp().map(s -> {
      r.stamp = s;
      r.timer = vertx.setPeriodic(CHECK_MILLIS, id -> r.check());
      return r;
    });
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void check() {
    if (checking) {
      return;  // a slow file system: one check at a time
    }
    checking = true;
    readStamp().compose(now -> now.equals(stamp) || !now.equals(pending) ? settle(now)
            : server.updateSSLOptions(TlsOptions.ssl(tls, handshakeTimeoutMs), true).map(updated -> {
              stamp = now;
              stats.reloaded.increment();
              LOG.info(listener + ": certificate files changed, reloaded");
              return null;
            }))
        .onFailure(e -> {
          stats.failed.increment();
          // the path and the reason only: PEM parsers do not quote key material in their messages
          LOG.log(Level.WARNING, listener + ": certificate reload failed, keeping the current one: "
              + e.getClass().getSimpleName() + ": " + e.getMessage());
        })
        .onComplete(ar -> checking = false);
  }

  /** Remembers what the files look like now; a change is loaded when the next check sees the same. */
  private Future<Void> settle(String now) {
    pending = now.equals(stamp) ? null : now;
    return Future.succeededFuture();
  }

  /** Size and modification time of every configured file, as one string. */
  private Future<String> readStamp() {
    List<Future<FileProps>> props = new ArrayList<>();
    props.add(vertx.fileSystem().props(tls.certFile()));
    props.add(vertx.fileSystem().props(tls.keyFile()));
    if (tls.caFile() != null) {
      props.add(vertx.fileSystem().props(tls.caFile()));
    }
    return Future.all(props).map(all -> {
      StringBuilder b = new StringBuilder();
      for (Future<FileProps> f : props) {
        b.append(f.result().size()).append('@').append(f.result().lastModifiedTime()).append(';');
      }
      return b.toString();
    });
  }
}
