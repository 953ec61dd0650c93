package io.roomgate.testsupport;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for something that happens asynchronously (a webhook arriving), up to a generous deadline. */
public final class Eventually {
  private static final long PROBE_MS = 100;

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

  /**
   * Waits for a state of real processes (a Redis Cluster or Sentinel set-up settling) that {@code check} probes,
   * every {@value #PROBE_MS} ms; a probe that throws counts as "not yet". On timeout the failure shows what
   * {@code state} describes then (or the last probe's error).
   */
  public static void awaitState(String what, BooleanSupplier check, long deadlineMillis, Supplier<String> state) {
    long end = System.nanoTime() + deadlineMillis * 1_000_000;
    String lastError = null;
    while (true) {
      try {
        if (check.getAsBoolean()) {
          return;
        }
        lastError = null;
      } catch (RuntimeException e) {
        lastError = e.toString();
      }
      if (System.nanoTime() > end) {
        String seen;
        try {
          seen = lastError != null ? lastError : state.get();
        } catch (RuntimeException e) {
          seen = e.toString();
        }
        throw new IllegalStateException(what + ": not so after " + deadlineMillis + " ms; last seen:\n" + seen);
      }
      pause(PROBE_MS);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
