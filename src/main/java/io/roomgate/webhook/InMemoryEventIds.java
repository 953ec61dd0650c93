package io.roomgate.webhook;

import io.roomgate.cache.BoundedCache;
import io.vertx.core.Future;

import java.time.Clock;

/**
 * Event ids seen in this process, kept {@code retentionMillis} (LiveKit gives up on an event well within minutes) and
 * at most {@code maxIds}: a {@link BoundedCache}, so when full the ids least likely to be seen again are forgotten
 * (a forgotten id only means a redelivered event is applied twice, as without this check). Lock-free.
 */
public final class InMemoryEventIds implements EventIds {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final BoundedCache<String, Boolean> seen;

  public InMemoryEventIds(Clock clock, long retentionMillis, int maxIds) {
    // an id is forgotten once more than retentionMillis old (the clock counts whole milliseconds)
    this.seen = BoundedCache.<String, Boolean>builder(maxIds)
        .expireAfterWrite((retentionMillis + 1) * NANOS_PER_MILLI, () -> clock.millis() * NANOS_PER_MILLI)
        .build();
  }

  @Override
  public Future<Boolean> firstTime(String id) {
    return Future.succeededFuture(seen.putIfAbsent(id, Boolean.TRUE) == null);
  }

  @Override
  public Future<Void> forget(String id) {
    seen.remove(id);
    return Future.succeededFuture();
  }

  /* for testing */ long size() {
    return seen.size();
  }
}
