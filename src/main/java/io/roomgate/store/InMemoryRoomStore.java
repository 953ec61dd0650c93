package io.roomgate.store;

import io.roomgate.room.RoomStore;
import io.roomgate.room.PastRoomQuery;
import io.roomgate.room.PastRoomPage;
import io.roomgate.room.ActiveClaim;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default, single-node room store: everything in process, lock-free.
 *
 * <p>One {@link TenantRooms} per tenant; active rooms in a {@link ConcurrentHashMap} keyed by room id, so
 * {@link #findActive} is two hash lookups and returns an already-completed future. Per-room operations are
 * atomic through {@code putIfAbsent}/{@code replace}/{@code computeIfPresent}. Ending a room adds the past
 * entry inside the {@code computeIfPresent} that removes the active one: once a reader sees the room as not
 * active, it finds it among the past rooms.
 *
 * <p>Records handed in are copied ({@code extra} is a mutable {@link io.vertx.core.json.JsonObject}); records
 * handed out are the stored instances and must be treated as immutable.
 */
public final class InMemoryRoomStore implements RoomStore {

  /** Largest page {@link #pastRooms} returns, whatever the query asks for. */
  public static final int MAX_PAGE = 100;

  private static final Future<RoomRecord> NONE = Future.succeededFuture();
  private static final Future<List<RoomRecord>> NO_ROOMS = Future.succeededFuture(List.of());
  private static final Future<PastRoomPage> NO_PAST = Future.succeededFuture(new PastRoomPage(0, List.of()));

  private final ConcurrentHashMap<String, TenantRooms> tenants = new ConcurrentHashMap<>();

  @Override
  public Future<RoomRecord> findActive(RoomKey key) {
    TenantRooms t = tenants.get(key.tenantId());
    if (t == null) {
      return NONE;
    }
    RoomRecord r = t.active.get(key.roomId());
    return r == null ? NONE : Future.succeededFuture(r);
  }

  @Override
  public Future<List<RoomRecord>> listActive(String tenantId) {
    TenantRooms t = tenants.get(tenantId);
    return t == null ? NO_ROOMS : Future.succeededFuture(new ArrayList<>(t.active.values()));
  }

  @Override
  public Future<Integer> countActive(String tenantId) {
    TenantRooms t = tenants.get(tenantId);
    return Future.succeededFuture(t == null ? 0 : t.activeCount.get());
  }

  /**
   * The count is taken inside the map's {@code compute} of the room, so claims of one room are serialised and a
   * new room takes its slot (a CAS below the limit) in the same step that stores it; ending gives it back in the
   * {@code computeIfPresent} that removes the room. So the count never passes the limit, and an already active
   * room is found before any slot is asked for.
   */
  @Override
  public Future<ActiveClaim> claimActive(RoomRecord room, int maxActiveRooms) {
    TenantRooms t = tenant(room.tenantId());
    RoomRecord existing = t.active.get(room.roomId());
    if (existing != null) {
      return Future.succeededFuture(new ActiveClaim(existing, false));
    }
    RoomRecord stored = activeCopy(room);
    boolean[] refused = new boolean[1];
    RoomRecord winner = t.active.compute(room.roomId(), (id, current) -> {
      if (current != null) {
        return current;
      }
      if (!t.takeSlot(maxActiveRooms)) {
        refused[0] = true;
        return null; // stays absent
      }
      return stored;
    });
    if (refused[0]) {
      return Future.succeededFuture(ActiveClaim.refusedAtLimit());
    }
    return Future.succeededFuture(new ActiveClaim(winner, winner == stored));
  }

  @Override
  public Future<RoomRecord> replaceActive(RoomRecord room) {
    TenantRooms t = tenants.get(room.tenantId());
    if (t == null) {
      return NONE;
    }
    RoomRecord stored = activeCopy(room);
    return t.active.replace(room.roomId(), stored) == null ? NONE : Future.succeededFuture(stored);
  }

  @Override
  public Future<RoomRecord> end(RoomKey key, long endedAtUnixSeconds) {
    TenantRooms t = tenants.get(key.tenantId());
    if (t == null) {
      return NONE;
    }
    RoomRecord[] ended = new RoomRecord[1];
    t.active.computeIfPresent(key.roomId(), (id, current) -> {
      RoomRecord e = current.endedAt(endedAtUnixSeconds);
      t.addPast(e);
      ended[0] = e;
      t.activeCount.decrementAndGet();
      return null; // removes the active entry
    });
    return ended[0] == null ? NONE : Future.succeededFuture(ended[0]);
  }

  @Override
  public Future<PastRoomPage> pastRooms(String tenantId, PastRoomQuery query) {
    TenantRooms t = tenants.get(tenantId);
    if (t == null) {
      return NO_PAST;
    }
    return Future.succeededFuture(t.page(query));
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private TenantRooms tenant(String tenantId) {
    TenantRooms t = tenants.get(tenantId);
    return t != null ? t : tenants.computeIfAbsent(tenantId, id -> new TenantRooms());
  }

  /** A private copy as the active room: its own {@code extra}, {@code endedAt} 0. */
  private static RoomRecord activeCopy(RoomRecord r) {
    return new RoomRecord(r.tenantId(), r.roomId(), r.sid(), r.title(), r.maxParticipants(), r.emptyTimeout(),
        r.creationTime(), r.metadataText(), r.webhookUrl(), r.turnPassword(), r.enabledCodecs(), r.extra().copy(), 0);
  }

  /** One ended room; ordered by end time, then by the order in which rooms ended. */
  private record PastEntry(long endedAt, long seq, RoomRecord room) {
    static final Comparator<PastEntry> ORDER =
        Comparator.comparingLong(PastEntry::endedAt).thenComparingLong(PastEntry::seq);
  }

  private static final class TenantRooms {
    final ConcurrentHashMap<String, RoomRecord> active = new ConcurrentHashMap<>();
    /** Active rooms; changed only inside the map's per-room compute that adds or removes one. */
    final AtomicInteger activeCount = new AtomicInteger();
    final ConcurrentSkipListSet<PastEntry> past = new ConcurrentSkipListSet<>(PastEntry.ORDER);
    final ConcurrentHashMap<String, Queue<PastEntry>> pastByRoom = new ConcurrentHashMap<>();
    final AtomicLong pastSeq = new AtomicLong();
    final AtomicLong pastCount = new AtomicLong();

    /** One more active room, unless there are {@code max} already. */
    boolean takeSlot(int max) {
      while (true) {
        int n = activeCount.get();
        if (n >= max) {
          return false;
        }
        if (activeCount.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }

    void addPast(RoomRecord ended) {
      PastEntry e = new PastEntry(ended.endedAt(), pastSeq.incrementAndGet(), ended);
      pastByRoom.computeIfAbsent(ended.roomId(), id -> new ConcurrentLinkedQueue<>()).add(e);
      past.add(e);
      pastCount.incrementAndGet();
    }

    PastRoomPage page(PastRoomQuery q) {
      int from = Math.max(0, q.from());
      int limit = Math.min(MAX_PAGE, Math.max(0, q.limit()));
      if (q.roomIds().isEmpty()) {
        NavigableSet<PastEntry> ordered = q.descending() ? past.descendingSet() : past;
        List<RoomRecord> rooms = new ArrayList<>(Math.min(limit, 16));
        Iterator<PastEntry> it = ordered.iterator();
        for (int i = 0; i < from && it.hasNext(); i++) {
          it.next();
        }
        while (rooms.size() < limit && it.hasNext()) {
          rooms.add(it.next().room());
        }
        return new PastRoomPage(pastCount.get(), rooms);
      }
      List<PastEntry> matched = new ArrayList<>();
      for (String roomId : new LinkedHashSet<>(q.roomIds())) {
        Queue<PastEntry> entries = pastByRoom.get(roomId);
        if (entries != null) {
          matched.addAll(entries);
        }
      }
      matched.sort(q.descending() ? PastEntry.ORDER.reversed() : PastEntry.ORDER);
      List<RoomRecord> rooms = new ArrayList<>(Math.min(limit, 16));
      for (int i = from; i < matched.size() && rooms.size() < limit; i++) {
        rooms.add(matched.get(i).room());
      }
      return new PastRoomPage(matched.size(), rooms);
    }
  }
}
