package io.roomgate.limit;

import io.roomgate.config.LimiterConfig;
import io.roomgate.limit.AuthFailureLimiter.Answer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-client-IP budget of failed authentications, on a fake clock. */
class AuthFailureLimiterTest {
  private final FakeTime time = new FakeTime();
  private final RateLimitStats stats = new RateLimitStats();

  private AuthFailureLimiter limiter(long burst, long perMinute, int maxClients) {
    return new AuthFailureLimiter(new LimiterConfig(true, 1, burst, perMinute, maxClients), stats, time);
  }

  @Test
  void failuresAreUnauthenticatedWhileTheBudgetLastsThenTooManyUntilItRefills() {
    AuthFailureLimiter l = limiter(2, 60, 100); // a failure back per second
    assertEquals(Answer.UNAUTHENTICATED, l.failed("10.0.0.1")); // 2 -> 1
    assertEquals(Answer.UNAUTHENTICATED, l.failed("10.0.0.1")); // 1 -> 0
    assertEquals(Answer.TOO_MANY_FAILURES, l.failed("10.0.0.1")); // 0: refused, counted
    assertEquals(1, l.retryAfterSeconds("10.0.0.1"));
    assertEquals(Answer.UNAUTHENTICATED, l.failed("10.0.0.2"), "another client has its own budget");
    time.advanceMillis(1_000); // 0 -> 1
    assertEquals(Answer.UNAUTHENTICATED, l.failed("10.0.0.1")); // 1 -> 0
    assertEquals(Answer.TOO_MANY_FAILURES, l.failed("10.0.0.1"));
    assertEquals(2, stats.authFailureRefusals());
  }

  @Test
  void memoryIsBoundedByDroppingIdleClients() {
    AuthFailureLimiter l = limiter(1, 60, 16);
    for (int i = 0; i < 16; i++) {
      l.failed("10.0.0." + i); // each 1 -> 0
    }
    assertEquals(16, l.trackedClients());
    assertEquals(Answer.UNAUTHENTICATED, l.failed("10.0.1.1"), "full, and nobody is idle: not tracked");
    assertEquals(16, l.trackedClients());
    assertEquals(Answer.TOO_MANY_FAILURES, l.failed("10.0.0.1"), "the tracked flooders stay refused");
    time.advanceMillis(1_000); // every budget is full again: all idle
    l.failed("10.0.1.1"); // 1 -> 0
    assertEquals(1, l.trackedClients(), "idle clients dropped, the new one tracked");
    assertEquals(Answer.TOO_MANY_FAILURES, l.failed("10.0.1.1"));
  }
}
