package io.roomgate.limit;

import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenLeaseTest {
  private static final long NOW = 1_000_000_000L;

  @Test
  void theNextLeaseIsFetchedAheadOnceHalfIsLeft() {
    TokenLease lease = new TokenLease(NOW);
    lease.deposit(16, 16, NOW, "app", 100, 1, 1);
    long left = lease.tryTake(NOW);
    while (left >= 8) {
      assertFalse(lease.runningLow(left), "still more than half left: " + left);
      left = lease.tryTake(NOW);
    }
    assertEquals(7, left);
    assertTrue(lease.runningLow(left));
    Promise<Void> fetch = Promise.promise();
    lease.startFetch(fetch.future());
    assertFalse(lease.runningLow(left), "one fetch at a time");
  }

  @Test
  void smallLeasesAreNotFetchedAhead() {
    TokenLease lease = new TokenLease(NOW);
    lease.deposit(4, 4, NOW, "app", 100, 1, 1);
    assertFalse(lease.runningLow(lease.tryTake(NOW)));
    assertFalse(lease.runningLow(lease.tryTake(NOW)));
  }
}
