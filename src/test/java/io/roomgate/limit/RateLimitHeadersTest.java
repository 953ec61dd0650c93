package io.roomgate.limit;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.config.RateLimitConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The IETF draft-11 field values. */
class RateLimitHeadersTest {
  private static final Limit APP = Limit.of(Tenants.tenant("acme", 200, 200), null);

  @Test
  void allowedAnswersCarryPolicyAndState() {
    RateDecision d = RateDecision.allow(APP, "app", 37, 1, false);
    assertEquals("\"app\";q=200;w=1", d.policies());
    assertEquals("\"app\";r=37;t=1", RateLimitHeaders.state(d));
  }

  @Test
  void everyPolicyThatAppliesIsListedTheApisBucketFirst() {
    RateLimitConfig c = new RateLimitConfig(200, 400, Map.of("create", ConfigBuilders.apiBucket(10, 10)),
        RateLimitConfig.OnRedisError.LOCAL, List.of(new RateLimitConfig.Quota("day", 1_000_000, 86_400)),
        Map.of("create", 5L), RateLimitConfig.Mode.ENFORCE, null);
    Limit create = Limit.of(Tenants.tenant("acme", c), "create");
    assertEquals("\"create\";q=10;w=1, \"app\";q=200;w=1, \"day\";q=1000000;w=86400", create.policyField());
    assertEquals(5, create.cost());
    Limit other = Limit.of(Tenants.tenant("acme", c), "get_room_info");
    assertEquals("\"app\";q=200;w=1, \"day\";q=1000000;w=86400", other.policyField());
    assertEquals(1, other.cost());
  }

  @Test
  void rejectionsCarryRetryAfterNeverEarlierThanT() {
    RateDecision d = RateDecision.limit(APP, "app", 0, 0, false);
    assertEquals("\"app\";r=0;t=1", RateLimitHeaders.state(d));
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
