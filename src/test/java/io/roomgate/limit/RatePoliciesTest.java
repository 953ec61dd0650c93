package io.roomgate.limit;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.config.RateLimitConfig;
import io.roomgate.config.RateLimitConfig.Mode;
import io.roomgate.config.RateLimitConfig.OnRedisError;
import io.roomgate.config.RateLimitConfig.Quota;
import io.roomgate.tenant.Tenant;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.roomgate.limit.Tenants.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several policies at once in process (issue 15, points 1-3): quotas over epoch-aligned windows beside the bucket,
 * costs, all or nothing, and reloads that keep what was used. A fake clock pinned to a UTC time; no sleeps.
 */
class RatePoliciesTest {
  /** 2026-12-02T10:59:50Z: ten seconds before the top of the hour. */
  private static final long T0 = Instant.parse("2026-12-02T10:59:50Z").toEpochMilli() * 1_000_000L;

  private final FakeTime time = new FakeTime(T0);
  private final LocalRateLimiter limiter = new LocalRateLimiter(time, 1, false);

  private static RateLimitConfig limits(long qps, long burst, List<Quota> quotas, Map<String, Long> costs, Mode mode) {
    return new RateLimitConfig(qps, burst, Map.of(), OnRedisError.LOCAL, quotas, costs, mode, null);
  }

  private RateDecision acquire(Tenant t, String api) {
    return limiter.tryAcquire(t, api).result();
  }

  @Test
  void aQuotaResetsAtTheTopOfTheUtcHour() {
    Tenant acme = tenant("acme", limits(100, 100, List.of(new Quota("hour", 3, 3600)), Map.of(), Mode.ENFORCE));
    for (int i = 0; i < 3; i++) {
      assertTrue(acquire(acme, "create").allowed()); // hour 3 -> 0
    }
    RateDecision limited = acquire(acme, "create");
    assertFalse(limited.allowed());
    assertEquals("hour", limited.policy(), "the quota blocked it, not the bucket");
    assertEquals(10, limited.retryAfterSeconds(), "free again at 11:00:00, ten seconds away");
    assertEquals("\"app\";q=100;w=1, \"hour\";q=3;w=3600", limited.policies());
    time.advanceMillis(9_999); // 10:59:59.999: still the same window
    assertFalse(acquire(acme, "create").allowed());
    time.advanceMillis(1); // 11:00:00: a new window
    RateDecision d = acquire(acme, "create"); // hour 3 -> 2
    assertTrue(d.allowed());
    assertEquals("hour", d.policy(), "the policy with the least room");
    assertEquals(2, d.remaining());
    assertEquals(3600, d.resetSeconds(), "until the window ends");
  }

  @Test
  void aDayQuotaResetsAtUtcMidnight() {
    Tenant acme = tenant("acme", limits(100, 100, List.of(new Quota("day", 1, 86_400)), Map.of(), Mode.ENFORCE));
    assertTrue(acquire(acme, "create").allowed());
    RateDecision limited = acquire(acme, "create");
    assertFalse(limited.allowed());
    long toMidnight = Instant.parse("2026-12-03T00:00:00Z").getEpochSecond() - T0 / 1_000_000_000L;
    assertEquals(toMidnight, limited.retryAfterSeconds());
  }

  @Test
  void aRejectedRequestTakesFromNoPolicy() {
    Tenant acme = tenant("acme", limits(2, 2, List.of(new Quota("hour", 100, 3600)), Map.of(), Mode.ENFORCE));
    assertTrue(acquire(acme, "create").allowed()); // bucket 2 -> 1, hour 100 -> 99
    assertTrue(acquire(acme, "create").allowed()); // bucket 1 -> 0, hour 99 -> 98
    for (int i = 0; i < 5; i++) {
      assertFalse(acquire(acme, "create").allowed()); // the bucket blocks: the hour keeps its 98
    }
    time.advanceMillis(500); // bucket 0 -> 1
    RateDecision d = acquire(acme, "create"); // bucket 1 -> 0, hour 98 -> 97
    assertTrue(d.allowed());
    List<RateLimitUsage.PolicyUsage> usage = limiter.usage(acme).result();
    assertEquals(97, usage.get(1).remaining(), "five rejections took nothing from the hour: " + usage);
  }

  @Test
  void aCostTakesThatManyTokensFromEveryPolicy() {
    Tenant acme = tenant("acme", limits(10, 10, List.of(new Quota("hour", 12, 3600)), Map.of("create", 5L),
        Mode.ENFORCE));
    RateDecision d = acquire(acme, "create"); // bucket 10 -> 5, hour 12 -> 7
    assertTrue(d.allowed());
    assertEquals("app", d.policy());
    assertEquals(5, d.remaining());
    assertTrue(acquire(acme, "create").allowed()); // bucket 5 -> 0, hour 7 -> 2
    RateDecision limited = acquire(acme, "create");
    assertFalse(limited.allowed());
    assertEquals("hour", limited.policy(), "the bucket is back in 0.5 s, the hour only at 11:00");
    time.advanceMillis(1_000); // bucket 0 -> 10; the hour still has 2 < 5
    assertFalse(acquire(acme, "create").allowed());
    assertTrue(acquire(acme, "get_room_info").allowed(), "an API without a cost takes 1: hour 2 -> 1");
    assertEquals(1, limiter.usage(acme).result().get(1).remaining());
  }

  @Test
  void aPerApiBucketAndTheTenantsPoliciesAreTakenTogether() {
    RateLimitConfig c = new RateLimitConfig(100, 100, Map.of("create", ConfigBuilders.apiBucket(1, 1)),
        OnRedisError.LOCAL, List.of(new Quota("hour", 2, 3600)), Map.of(), Mode.ENFORCE, null);
    Tenant acme = tenant("acme", c);
    assertTrue(acquire(acme, "create").allowed()); // create 1 -> 0, app 100 -> 99, hour 2 -> 1
    RateDecision limited = acquire(acme, "create");
    assertFalse(limited.allowed());
    assertEquals("create", limited.policy());
    assertTrue(acquire(acme, "get_room_info").allowed()); // app 99 -> 98, hour 1 -> 0
    time.advanceMillis(1_000); // create 0 -> 1, but the hour is spent
    RateDecision quota = acquire(acme, "create");
    assertFalse(quota.allowed());
    assertEquals("hour", quota.policy());
    assertEquals(1, limiter.usage(acme).result().get(2).remaining(), "the create bucket kept its token");
  }

  @Test
  void aReloadChangesTheLimitsButKeepsWhatWasUsed() {
    Tenant before = tenant("acme", limits(100, 100, List.of(new Quota("hour", 5, 3600)), Map.of(), Mode.ENFORCE));
    for (int i = 0; i < 4; i++) {
      assertTrue(acquire(before, "create").allowed()); // hour 5 -> 1
    }
    Tenant smaller = tenant("acme", limits(100, 100, List.of(new Quota("hour", 4, 3600)), Map.of(), Mode.ENFORCE));
    assertFalse(acquire(smaller, "create").allowed(), "4 used of a new limit of 4");
    Tenant larger = tenant("acme", limits(100, 100, List.of(new Quota("hour", 10, 3600)), Map.of(), Mode.ENFORCE));
    RateDecision d = acquire(larger, "create"); // 4 used -> 5 of 10
    assertTrue(d.allowed());
    assertEquals(5, d.remaining());
  }

  @Test
  void shadowModeDecidesAsIfEnforcedAndTheRequestGoesOn() {
    Tenant acme = tenant("acme", limits(1, 1, List.of(), Map.of(), Mode.SHADOW));
    RateDecision first = acquire(acme, "create");
    assertTrue(first.allowed() && first.proceeds());
    RateDecision second = acquire(acme, "create");
    assertFalse(second.allowed(), "it would have been limited");
    assertTrue(second.shadow());
    assertTrue(second.proceeds(), "but it goes on");
    RateLimitStats stats = new RateLimitStats();
    stats.record("acme", second);
    stats.record("acme", first);
    assertEquals(1, stats.of("acme").wouldLimit());
    assertEquals(1, stats.of("acme").allowed());
    assertEquals(0, stats.of("acme").limited());
  }

  @Test
  void aFallbackShareOfAQuotaStartsEmptyAndHoldsWhatItIsGiven() {
    LocalRateLimiter share = new LocalRateLimiter(time, 4, true);
    Tenant acme = tenant("acme", limits(1000, 1000, List.of(new Quota("hour", 40, 3600)), Map.of(), Mode.ENFORCE));
    Limit limit = Limit.of(acme, null);
    assertEquals(0, share.available(limit));
    share.restartOnce(limit, 3, 1); // this node's share of what Redis last said was left
    assertEquals(3, share.available(limit));
    for (int i = 0; i < 3; i++) {
      assertTrue(share.decide(limit).allowed());
    }
    assertFalse(share.decide(limit).allowed(), "the share of the hour is spent");
    time.advanceMillis(10_000); // 11:00: a new window, this node's share is 40/4 = 10
    assertEquals(10, share.available(limit));
  }
}
