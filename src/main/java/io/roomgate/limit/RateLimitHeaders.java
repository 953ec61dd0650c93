package io.roomgate.limit;

import io.vertx.core.http.HttpServerResponse;

/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers-11), on allowed and limited answers alike:
 * <pre>
 * RateLimit-Policy: "app";q=200;w=1      the policy: quota q per window w seconds
 * RateLimit: "app";r=37;t=1              its state: r remaining, t seconds until the quota is back
 * Retry-After: 1                         on 429 only; never earlier than t (clients prefer it)
 * </pre>
 * Policy names are {@code app} or an API name ({@code [A-Za-z0-9_.-]}, checked by the config loader), so they
 * need no escaping inside the quoted Structured Field string. {@code RateLimit} is left out when nobody counted
 * (fail-open while Redis is down): an absent field is honest, a made-up {@code r} is not.
 */
public final class RateLimitHeaders {
  public static final String POLICY = "RateLimit-Policy";
  public static final String STATE = "RateLimit";
  public static final String RETRY_AFTER = "Retry-After";

  private RateLimitHeaders() {
  }

  public static void write(HttpServerResponse response, RateDecision d) {
    response.putHeader(POLICY, policy(d));
    if (d.remaining() != RateDecision.UNKNOWN) {
      response.putHeader(STATE, state(d));
    }
    if (!d.allowed()) {
      response.putHeader(RETRY_AFTER, Long.toString(d.retryAfterSeconds()));
    }
  }

  static String policy(RateDecision d) {
    return '"' + d.policy() + "\";q=" + d.quota() + ";w=1";
  }

  static String state(RateDecision d) {
    return '"' + d.policy() + "\";r=" + d.remaining() + ";t=" + d.resetSeconds();
  }
}
