package io.roomgate.metrics;

import io.roomgate.config.AccessLogConfig;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Renders an {@link AccessLog.Entry} as one JSON object or one logfmt line. Every value is escaped, so no request can
 * forge a line or a field.
 */
public final class AccessLogFormatter extends Formatter {
  private final AccessLogConfig.Format format;

  public AccessLogFormatter(AccessLogConfig.Format format) {
    this.format = format;
  }

  @Override
  public String format(LogRecord record) {
    Object[] params = record.getParameters();
    if (params == null || params.length != 1 || !(params[0] instanceof AccessLog.Entry e)) {
      return formatMessage(record) + System.lineSeparator();
    }
    String time = record.getInstant().toString();
    String latency = millis(e.latencyNanos());
    StringBuilder b = new StringBuilder(256);
    if (format == AccessLogConfig.Format.JSON) {
      b.append('{');
      json(b, "time", time).append(',');
      json(b, "request_id", e.requestId()).append(',');
      json(b, "tenant", e.tenant()).append(',');
      json(b, "dialect", e.dialect()).append(',');
      json(b, "api", e.api()).append(',');
      json(b, "method", e.method()).append(',');
      b.append("\"status\":").append(e.status()).append(',');
      json(b, "outcome", e.outcome()).append(',');
      b.append("\"latency_ms\":").append(latency).append(',');
      json(b, "client_ip", e.clientIp());
      b.append('}');
    } else {
      logfmt(b, "time", time).append(' ');
      logfmt(b, "request_id", e.requestId()).append(' ');
      logfmt(b, "tenant", e.tenant()).append(' ');
      logfmt(b, "dialect", e.dialect()).append(' ');
      logfmt(b, "api", e.api()).append(' ');
      logfmt(b, "method", e.method()).append(' ');
      b.append("status=").append(e.status()).append(' ');
      logfmt(b, "outcome", e.outcome()).append(' ');
      b.append("latency_ms=").append(latency).append(' ');
      logfmt(b, "client_ip", e.clientIp());
    }
    return b.append('\n').toString();
  }

  /** Milliseconds with microsecond precision, e.g. {@code 1.234}, without {@code String.format}. */
  static String millis(long nanos) {
    long micros = Math.max(0, nanos) / 1_000;
    long frac = micros % 1_000;
    return (micros / 1_000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
  }

  private static StringBuilder json(StringBuilder b, String key, String value) {
    b.append('"').append(key).append("\":");
    return value == null ? b.append("null") : quoted(b, value);
  }

  private static StringBuilder logfmt(StringBuilder b, String key, String value) {
    b.append(key).append('=');
    if (value == null) {
      return b;
    }
    boolean plain = !value.isEmpty();
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c > ' ' && c < 0x7f && c != '"' && c != '=' && c != '\\';
    }
    return plain ? b.append(value) : quoted(b, value);
  }

  /** A JSON string literal (also valid logfmt quoting). */
  private static StringBuilder quoted(StringBuilder b, String value) {
    b.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }
}
