package io.roomgate.config;

/**
 * {@code access_log:} — one line per request on the {@code roomgate.access} logger, written at response end.
 *
 * @param enabled {@code access_log.enabled}, default false (it costs throughput; see README)
 * @param format  {@code access_log.format}: {@code json} (default) or {@code logfmt}
 */
public record AccessLogConfig(boolean enabled, Format format) {
  public static final AccessLogConfig DEFAULT = new AccessLogConfig(true, Format.JSON);

  public enum Format {
    JSON, LOGFMT
  }
}
