package io.roomgate.api.tencent;

import io.roomgate.room.RoomKey;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link CreateRoomThrottle} in process: the last admitted create time per (tenant, RoomId), updated by
 * compare-and-set (lock-free). Bounded: when the map is full, entries older than the window (which can no longer
 * refuse anything) are swept; if it is still full, the create is admitted without being recorded. That fails open
 * on purpose: the bound is far above what the per-app rate limit lets through in one second, and refusing
 * legitimate creates because of other tenants' traffic would be worse than missing a duplicate.
 *
 * <p>Not a {@link io.roomgate.cache.BoundedCache} on purpose: a cache would make room by dropping a live entry, so
 * one tenant's flood of new rooms could reopen another room's window; here a new room never pushes a live one out.
 */
public final class LocalCreateRoomThrottle implements CreateRoomThrottle {
  public static final int DEFAULT_MAX_ENTRIES = 100_000;
  private static final Future<Boolean> ADMIT = Future.succeededFuture(true);
  private static final Future<Boolean> REFUSE = Future.succeededFuture(false);

  private final Clock clock;
  private final int maxEntries;
  private final ConcurrentHashMap<RoomKey, Long> lastCreate = new ConcurrentHashMap<>();

  public LocalCreateRoomThrottle(Clock clock) {
    this(clock, DEFAULT_MAX_ENTRIES);
  }

  public LocalCreateRoomThrottle(Clock clock, int maxEntries) {
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  @Override
  public Future<Boolean> tryAcquire(RoomKey room) {
    long now = clock.millis();
    while (true) {
      Long last = lastCreate.get(room);
      if (last == null) {
        if (lastCreate.size() >= maxEntries) {
          lastCreate.values().removeIf(t -> now - t >= WINDOW_MS);
          if (lastCreate.size() >= maxEntries) {
            return ADMIT; // full of live entries: fail open (see the class comment)
          }
        }
        if (lastCreate.putIfAbsent(room, now) == null) {
          return ADMIT;
        }
      } else if (now - last < WINDOW_MS) {
        return REFUSE;
      } else if (lastCreate.replace(room, last, now)) {
        return ADMIT;
      }
      // lost a race with another create of the same room: look again
    }
  }

  /* for testing */ int entries() {
    return lastCreate.size();
  }
}
