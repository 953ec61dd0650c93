package io.roomgate.testsupport;

import java.util.function.Supplier;

/** Waits for something that happens asynchronously (a webhook arriving), up to a generous deadline. */
public final class Eventually {
  private Eventually() {
  }

  public static void await(String what, Supplier<Boolean> condition) {
    await(what, condition, 20_000);
  }

  public static void await(String what, Supplier<Boolean> condition, long deadlineMillis) {
    long end = System.currentTimeMillis() + deadlineMillis;
    while (!condition.get()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("still not true after " + deadlineMillis + " ms: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what);
      }
    }
  }
}
