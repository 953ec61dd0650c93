package io.roomgate.limit;

import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.ConcurrentHashMap;

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
  /** Policy fields already written; policies come from the configuration, so there are few (bounded anyway). */
  private static final ConcurrentHashMap<PolicyKey, String> POLICIES = new ConcurrentHashMap<>();
  private static final int MAX_POLICIES = 10_000;

  private record PolicyKey(String policy, long quota) {
  }

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

  /** The same for every answer of a policy: built once, not per request (it was the limiter's largest garbage). */
  static String policy(RateDecision d) {
    PolicyKey key = new PolicyKey(d.policy(), d.quota());
    String field = POLICIES.get(key);
    if (field == null) {
      if (POLICIES.size() >= MAX_POLICIES) {
        POLICIES.clear(); // hot reloads with ever new quotas: start over rather than grow
      }
      field = '"' + d.policy() + "\";q=" + d.quota() + ";w=1";
      POLICIES.put(key, field);
    }
    return field;
  }

  static String state(RateDecision d) {
    return '"' + d.policy() + "\";r=" + d.remaining() + ";t=" + d.resetSeconds();
  }
}
