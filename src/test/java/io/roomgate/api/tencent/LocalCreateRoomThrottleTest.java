package io.roomgate.api.tencent;

import io.roomgate.room.RoomKey;
import io.roomgate.testsupport.TestClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-process once-per-RoomId-per-second rule (100012), on a clock the test moves. */
class LocalCreateRoomThrottleTest {
  private final TestClock clock = new TestClock(1_000_000);
  private final LocalCreateRoomThrottle throttle = new LocalCreateRoomThrottle(clock, 4);
  private final RoomKey room = new RoomKey("acme", "r1");

  private boolean acquire(RoomKey key) {
    return throttle.tryAcquire(key).result();
  }

  @Test
  void oncePerSecondPerRoom() {
    assertTrue(acquire(room));            // t = 0
    clock.advanceMillis(999);
    assertFalse(acquire(room));           // t = 999: same second window
    clock.advanceMillis(1);
    assertTrue(acquire(room));            // t = 1000: a new window
    assertFalse(acquire(room));
  }

  @Test
  void roomsAndTenantsAreIndependent() {
    assertTrue(acquire(room));
    assertTrue(acquire(new RoomKey("acme", "r2")));
    assertTrue(acquire(new RoomKey("globex", "r1")));
  }

  @Test
  void staleEntriesAreSweptWhenFull() {
    for (int i = 0; i < 4; i++) {
      assertTrue(acquire(new RoomKey("acme", "old" + i)));
    }
    assertEquals(4, throttle.entries());
    clock.advanceMillis(1000);            // all four can no longer refuse anything
    assertTrue(acquire(room));
    assertEquals(1, throttle.entries());
    assertFalse(acquire(room));
  }

  @Test
  void fullOfLiveEntriesFailsOpenWithoutRecording() {
    for (int i = 0; i < 4; i++) {
      assertTrue(acquire(new RoomKey("acme", "live" + i)));
    }
    assertTrue(acquire(room));
    assertTrue(acquire(room));            // not recorded: admitted again
    assertEquals(4, throttle.entries());
  }
}
