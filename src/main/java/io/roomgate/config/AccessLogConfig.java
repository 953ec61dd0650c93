package io.roomgate.config;

/**
 * {@code access_log:} — one line per request on the {@code roomgate.access} logger, written at response end.
 *
 * @param enabled {@code access_log.enabled}, default false (it costs throughput; see README)
 * @param format  {@code access_log.format}: {@code json} (default) or {@code logfmt}
 */
public record AccessLogConfig(boolean enabled, Format format) {
  /** Off: a line per request costs about a third of the hot path's throughput on 2 cores (README). */
  public static final AccessLogConfig DEFAULTS = new AccessLogConfig(false, Format.JSON);

  public AccessLogConfig {
    java.util.Objects.requireNonNull(format, "format");
  }

  public enum Format {
    JSON, LOGFMT
  }
}
