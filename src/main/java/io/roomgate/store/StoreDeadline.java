package io.roomgate.store;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A deadline on a Redis operation: the caller never waits longer than {@code redis.timeout_ms}. */
final class StoreDeadline {
  private StoreDeadline() {
  }

  /**
   * Completes with {@code f}, or fails with {@link StoreTimeoutException} once {@code timeoutMs} passed. Other
   * failures become a {@link StoreException} naming the operation. The deadline is Vert.x's own
   * ({@link Future#timeout}: a task on the event loop of {@code f}'s context, cancelled when {@code f} completes).
   */
  static <T> Future<T> within(Future<T> f, long timeoutMs, String what) {
    return f.timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(cause -> Future.failedFuture(
        cause instanceof TimeoutException ? new StoreTimeoutException(what + " timed out after " + timeoutMs + " ms")
            : cause instanceof StoreException ? cause
            : new StoreException(what + " failed: " + cause.getMessage(), cause)));
  }
}
