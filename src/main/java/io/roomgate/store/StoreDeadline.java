package io.roomgate.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** A deadline on a Redis operation: the caller never waits longer than {@code redis.timeout_ms}. */
final class StoreDeadline {
  private StoreDeadline() {
  }

  /**
   * Completes with {@code f}, or fails with {@link StoreTimeoutException} once {@code timeoutMs} passed. Other
   * failures become a {@link StoreException} naming the operation. The timer runs on the caller's context.
   */
  static <T> Future<T> within(Vertx vertx, Future<T> f, long timeoutMs, String what) {
    Promise<T> promise = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> promise.tryFail(
        new StoreTimeoutException(what + " timed out after " + timeoutMs + " ms")));
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        promise.tryComplete(ar.result());
      } else {
        Throwable cause = ar.cause();
        promise.tryFail(cause instanceof StoreException ? cause
            : new StoreException(what + " failed: " + cause.getMessage(), cause));
      }
    });
    return promise.future();
  }
}
