package io.roomgate.limit;

import io.vertx.core.http.HttpServerResponse;

/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers-11), on allowed and limited answers alike:
 * <pre>
 * RateLimit-Policy: "app";q=200;w=1, "day";q=1000000;w=86400    every policy that applies: quota q per w seconds
 * RateLimit: "app";r=37;t=1                                      the one with the least room: r left, back in t s
 * Retry-After: 1                                                 on a rejection only: when the blocking policy
 *                                                                frees up (a quota: the end of its window)
 * </pre>
 * A bucket is {@code q} = its qps per {@code w=1}; a quota its limit per window. Policy names are {@code app}, an
 * API name or a quota name ({@code [A-Za-z0-9_.-]}, checked by the config loader), so they need no escaping inside
 * the quoted Structured Field string; the {@code RateLimit-Policy} value is built once per tenant configuration.
 * {@code RateLimit} is left out when nobody counted (fail-open while Redis is down): an absent field is honest, a
 * made-up {@code r} is not. A shadow-mode decision carries the fields as if enforced, but no {@code Retry-After}:
 * nothing was rejected.
 */
public final class RateLimitHeaders {
  public static final String POLICY = "RateLimit-Policy";
  public static final String STATE = "RateLimit";
  public static final String RETRY_AFTER = "Retry-After";

  private RateLimitHeaders() {
  }

  public static void write(HttpServerResponse response, RateDecision d) {
    response.putHeader(POLICY, d.policies());
    if (d.remaining() != RateDecision.UNKNOWN) {
      response.putHeader(STATE, state(d));
    }
    if (!d.proceeds()) {
      response.putHeader(RETRY_AFTER, Long.toString(d.retryAfterSeconds()));
    }
  }

  static String state(RateDecision d) {
    return '"' + d.policy() + "\";r=" + d.remaining() + ";t=" + d.resetSeconds();
  }
}
