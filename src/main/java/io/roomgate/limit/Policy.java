package io.roomgate.limit;

/**
 * One limit a request may draw from: a token bucket ({@code window == 0}: {@code amount} tokens per second up to
 * {@code capacity}) or a quota over a fixed window aligned to the epoch ({@code amount} tokens per
 * {@code windowSeconds}).
 *
 * @param name   the policy's name in the RateLimit fields: {@code app}, an API name, or a quota name
 * @param scope  names its state (map key, Redis key suffix): {@code app}, {@code api:<name>} or {@code q:<name>}
 */
record Policy(String name, String scope, long amount, long capacity, long windowSeconds) {
  static Policy bucket(String name, String scope, long qps, long burst) {
    return new Policy(name, scope, qps, burst, 0);
  }

  static Policy window(String name, long limit, long windowSeconds) {
    return new Policy(name, "q:" + name, limit, limit, windowSeconds);
  }

  boolean isWindow() {
    return windowSeconds > 0;
  }

  /** Its item in {@code RateLimit-Policy}: {@code "app";q=200;w=1} or {@code "day";q=1000000;w=86400}. */
  String headerItem() {
    return '"' + name + "\";q=" + amount + ";w=" + (isWindow() ? windowSeconds : 1);
  }
}
