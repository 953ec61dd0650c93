package io.roomgate.webhook;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event ids seen in this process, kept {@code retentionMillis} (LiveKit gives up on an event well within minutes) and
 * at most {@code maxIds}; past that the oldest are swept. Lock-free.
 */
public final class InMemoryEventIds implements EventIds {
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long retentionMillis;
  private final int maxIds;

  public InMemoryEventIds(Clock clock, long retentionMillis, int maxIds) {
    this.clock = clock;
    this.retentionMillis = retentionMillis;
    this.maxIds = maxIds;
  }

  @Override
  public Future<Boolean> firstTime(String id) {
    long now = clock.millis();
    if (seen.size() >= maxIds) {
      sweep(now);
    }
    Long before = seen.putIfAbsent(id, now);
    if (before != null && now - before > retentionMillis) {
      seen.put(id, now);
      return Future.succeededFuture(true);
    }
    return Future.succeededFuture(before == null);
  }

  @Override
  public Future<Void> forget(String id) {
    seen.remove(id);
    return Future.succeededFuture();
  }

  private void sweep(long now) {
    for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
      if (now - it.next() > retentionMillis) {
        it.remove();
      }
    }
    // still full of fresh ids: drop arbitrary ones rather than grow without bound
    for (Iterator<String> it = seen.keySet().iterator(); it.hasNext() && seen.size() >= maxIds; ) {
      it.next();
      it.remove();
    }
  }
}
