package io.roomgate.webhook;

import io.roomgate.testsupport.TestClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhook event ids seen in process, on a clock the test moves. */
class InMemoryEventIdsTest {
  private final TestClock clock = new TestClock(1_000_000);
  private final InMemoryEventIds ids = new InMemoryEventIds(clock, 1_000, 4);

  private boolean firstTime(String id) {
    return ids.firstTime(id).result();
  }

  @Test
  void anIdIsNewOnceWithinItsRetention() {
    assertTrue(firstTime("e1"));
    clock.advanceMillis(1_000);                          // exactly the retention: still remembered
    assertFalse(firstTime("e1"));
    clock.advanceMillis(1);                              // older than the retention: new again
    assertTrue(firstTime("e1"));
    assertFalse(firstTime("e1"));
  }

  @Test
  void aForgottenIdIsNewAgain() {
    assertTrue(firstTime("e1"));
    ids.forget("e1").result();
    assertTrue(firstTime("e1"));
  }

  @Test
  void manyIdsStayWithinTheBound() {
    for (int i = 0; i < 1_000; i++) {
      assertTrue(firstTime("e" + i));
      assertTrue(ids.size() <= 4, "ids kept: " + ids.size());
    }
  }
}
