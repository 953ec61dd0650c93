package io.roomgate.metrics;

import io.roomgate.time.GatewayClock;
import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Answers "are the dependencies there?" at most once per {@code cacheMillis}: probes arriving meanwhile share the
 * last (or in-flight) result, so a flood of {@code /ready} calls costs one LiveKit health call and one Redis PING per
 * period, whatever the number of callers.
 */
public final class ReadinessProbe {
  private record Result(Future<Void> future, long startedAt) {
  }

  private final Supplier<Future<Void>> check;
  private final long cacheNanos;
  private final AtomicReference<Result> last = new AtomicReference<>();
  private final GatewayClock clock;

  /** @param clock the gateway's clock (when the last answer goes stale) */
  public ReadinessProbe(Supplier<Future<Void>> check, long cacheMillis, GatewayClock clock) {
    this.check = check;
    this.clock = clock;
    this.cacheNanos = TimeUnit.MILLISECONDS.toNanos(cacheMillis);
  }

  public Future<Void> check() {
    long now = clock.nanoTime();
    Result r = last.get();
    if (r != null && (!r.future().isComplete() || now - r.startedAt() < cacheNanos)) {
      return r.future();
    }
    Result fresh = new Result(check.get(), now);
    // Lost the race to a concurrent probe: use its check, ours is harmless (cheap and deadline-bound).
    return last.compareAndSet(r, fresh) ? fresh.future() : last.get().future();
  }
}
