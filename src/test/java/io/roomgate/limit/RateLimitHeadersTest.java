package io.roomgate.limit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The IETF draft-11 field values. */
class RateLimitHeadersTest {

  @Test
  void allowedAnswersCarryPolicyAndState() {
    RateDecision d = RateDecision.allow("app", 200, 37, 1, false);
    assertEquals("\"app\";q=200;w=1", RateLimitHeaders.policy(d));
    assertEquals("\"app\";r=37;t=1", RateLimitHeaders.state(d));
  }

  @Test
  void rejectionsCarryRetryAfterNeverEarlierThanT() {
    RateDecision d = RateDecision.limit("get_room_list", 10, 0, 0, false);
    assertEquals("\"get_room_list\";q=10;w=1", RateLimitHeaders.policy(d));
    assertEquals("\"get_room_list\";r=0;t=1", RateLimitHeaders.state(d));
    assertEquals(1, d.retryAfterSeconds(), "at least a second, never 0");
    assertEquals(d.resetSeconds(), d.retryAfterSeconds());
  }

  @Test
  void secondsAreRoundedUp() {
    assertEquals(0, RateDecision.ceilSeconds(0));
    assertEquals(1, RateDecision.ceilSeconds(1));
    assertEquals(1, RateDecision.ceilSeconds(1_000_000_000L));
    assertEquals(2, RateDecision.ceilSeconds(1_000_000_001L));
  }
}
