package io.roomgate.room;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Repairs presence that webhooks may have left wrong with full ListParticipants syncs, in the background, so that no
 * read ever waits for LiveKit. Reads and webhooks {@link #request} a repair (lock-free, never blocking); a timer calls
 * {@link #drain} every {@link #TICK_MS}, which starts at most {@code maxPerSecond} syncs in any second
 * ({@link SyncBudget}) and at most a tick's share of them per call (no bursts), rooms with
 * evidence of a gap first, then rooms never synced, then rooms whose last sync is merely old.
 *
 * <p>Bounded: each {@link Reason} queues at most {@code maxQueued} rooms; a request beyond that is dropped and counted
 * (a room read again asks again). A room is queued once (a request with a higher priority moves it up) and is not
 * queued while its sync runs. While LiveKit is away (its breaker is open) nothing starts: the queue waits for it.
 */
public final class PresenceRepairer {
  /** Why a room needs a sync, highest priority first. */
  public enum Reason {
    /** An event that does not fit what is known, e.g. a participant count that disagrees with LiveKit's. */
    GAP,
    /** No full sync of the room is known. */
    NEVER_SYNCED,
    /** The last full sync is older than {@code livekit.presence_max_age_ms}. */
    STALE;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What happened to requests, per reason. */
  public enum Outcome { QUEUED, DROPPED, STARTED, FAILED }

  private static final Reason[] REASONS = Reason.values();
  /** How often the owner should call {@link #drain}: each call starts at most a tick's share of the second. */
  public static final long TICK_MS = 20;

  private final Function<RoomKey, Future<?>> sync;
  private final BooleanSupplier liveKitAway;
  private final SyncBudget budget;
  /** Starts per drain: the second's budget spread over its ticks, so LiveKit and Redis see no bursts. */
  private final int perDrain;
  private final int maxQueued;
  private final ConcurrentMap<RoomKey, Reason> pending = new ConcurrentHashMap<>();
  private final Set<RoomKey> running = ConcurrentHashMap.newKeySet();
  private final List<Queue<RoomKey>> queues = new ArrayList<>();
  private final AtomicInteger[] sizes = new AtomicInteger[REASONS.length];
  private final AtomicLongArray counts = new AtomicLongArray(REASONS.length * Outcome.values().length);

  public PresenceRepairer(Function<RoomKey, Future<?>> sync, BooleanSupplier liveKitAway, Clock clock,
                          int maxPerSecond, int maxQueued) {
    this.sync = sync;
    this.liveKitAway = liveKitAway;
    this.budget = new SyncBudget(maxPerSecond, clock);
    this.perDrain = (int) Math.max(1, (maxPerSecond * TICK_MS + 999) / 1000);
    this.maxQueued = maxQueued;
    for (int i = 0; i < REASONS.length; i++) {
      queues.add(new ConcurrentLinkedQueue<>());
      sizes[i] = new AtomicInteger();
    }
  }

  /** Asks for a sync of {@code room}; returns at once. */
  public void request(RoomKey room, Reason reason) {
    if (running.contains(room)) {
      return; // the sync in flight answers this request too
    }
    while (true) {
      Reason queued = pending.get(room);
      if (queued != null && queued.ordinal() <= reason.ordinal()) {
        return; // already queued at this priority or a higher one
      }
      if (sizes[reason.ordinal()].get() >= maxQueued) {
        record(reason, Outcome.DROPPED);
        return;
      }
      boolean won = queued == null ? pending.putIfAbsent(room, reason) == null : pending.replace(room, queued, reason);
      if (won) {
        // an upgraded room stays in its old queue too; drain skips it there
        sizes[reason.ordinal()].incrementAndGet();
        queues.get(reason.ordinal()).add(room);
        record(reason, Outcome.QUEUED);
        return;
      }
    }
  }

  /**
   * Starts the syncs the budget allows now, highest priority first. Called by one timer (one thread at a time).
   * The returned future completes when the syncs started here have finished (failed ones included).
   */
  public Future<Void> drain() {
    if (liveKitAway.getAsBoolean()) {
      return Future.succeededFuture();
    }
    List<Future<?>> started = new ArrayList<>();
    for (Reason reason : REASONS) {
      Queue<RoomKey> queue = queues.get(reason.ordinal());
      RoomKey room;
      while ((room = queue.peek()) != null) {
        if (pending.get(room) != reason) { // moved up to a higher queue (and maybe synced already)
          take(queue, reason);
          continue;
        }
        if (started.size() >= perDrain || !budget.tryStart()) {
          return Future.join(started).mapEmpty();
        }
        take(queue, reason);
        pending.remove(room, reason);
        started.add(start(room, reason));
      }
    }
    return Future.join(started).mapEmpty();
  }

  private void take(Queue<RoomKey> queue, Reason reason) {
    queue.poll();
    sizes[reason.ordinal()].decrementAndGet();
  }

  private Future<?> start(RoomKey room, Reason reason) {
    running.add(room);
    record(reason, Outcome.STARTED);
    Future<?> f;
    try {
      f = sync.apply(room);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.transform(ar -> {
      running.remove(room);
      if (ar.failed()) {
        record(reason, Outcome.FAILED); // the room is asked for again by its next read or event
      }
      return Future.succeededFuture();
    });
  }

  /** Syncs started and not finished. */
  public int running() {
    return running.size();
  }

  /** Rooms waiting for a sync. */
  public int pending() {
    return pending.size();
  }

  /** How many requests of {@code reason} had {@code outcome} since start. */
  public long count(Reason reason, Outcome outcome) {
    return counts.get(reason.ordinal() * Outcome.values().length + outcome.ordinal());
  }

  private void record(Reason reason, Outcome outcome) {
    counts.incrementAndGet(reason.ordinal() * Outcome.values().length + outcome.ordinal());
  }
}
