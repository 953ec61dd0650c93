package io.roomgate.metrics;

import io.roomgate.config.AccessLogConfig;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per request on the {@value #LOGGER} logger, written at response end.
 *
 * <p>An entry holds only bounded, non-secret facts: time, request id, tenant id, dialect, API, method, status,
 * outcome, latency and client IP. Never headers, bodies or query strings: plugNmeet signatures travel in headers and
 * Tencent UserSigs in the query string, and neither may reach a log.
 *
 * <p>The event loop only hands an {@link Entry} to the logger; the default handler ({@link AsyncLineHandler}) queues
 * it and a writer thread formats and prints it, so a slow stdout never blocks a request. Replace the handler through
 * {@code java.util.logging} configuration to send the lines elsewhere.
 */
public final class AccessLog {
  public static final String LOGGER = "roomgate.access";
  private static final Logger LOG = Logger.getLogger(LOGGER);
  private static final Object INSTALL_LOCK = new Object();

  /** What one line says; formatted off the event loop by {@link AccessLogFormatter}. */
  public record Entry(String requestId, String tenant, String dialect, String api, String method, int status,
                      String outcome, long latencyNanos, String clientIp) {
  }

  private final boolean enabled;

  private AccessLog(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The access log of a gateway. Installs the asynchronous stdout handler on {@value #LOGGER} unless one is installed
   * already (the logger is process-wide: several gateways in one JVM share it and its format).
   */
  public static AccessLog create(AccessLogConfig config, GatewayMetrics metrics) {
    if (!config.enabled()) {
      return new AccessLog(false);
    }
    synchronized (INSTALL_LOCK) {
      AsyncLineHandler installed = null;
      for (Handler h : LOG.getHandlers()) {
        if (h instanceof AsyncLineHandler a) {
          installed = a;
        }
      }
      if (installed == null && LOG.getHandlers().length == 0) {
        installed = new AsyncLineHandler(System.out, AsyncLineHandler.DEFAULT_CAPACITY);
        LOG.addHandler(installed);
        LOG.setUseParentHandlers(false); // a line is not an event: no second copy on the console handler
      }
      if (installed != null) {
        installed.setFormatter(new AccessLogFormatter(config.format()));
        installed.onDrop(metrics::accessLogDropped);
      }
    }
    return new AccessLog(true);
  }

  public boolean enabled() {
    return enabled && LOG.isLoggable(Level.INFO);
  }

  public void log(Entry entry) {
    LogRecord r = new LogRecord(Level.INFO, "access");
    r.setLoggerName(LOGGER);
    r.setParameters(new Object[] {entry});
    LOG.log(r);
  }

  /** Waits (briefly) until queued lines are written; for shutdown and tests. */
  public static void flush() {
    for (Handler h : LOG.getHandlers()) {
      h.flush();
    }
  }
}
