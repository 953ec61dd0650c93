package io.roomgate.store;

import io.roomgate.redis.RedisKeys;
import io.roomgate.room.RoomStore;
import io.roomgate.room.PastRoomQuery;
import io.roomgate.room.PastRoomPage;
import io.roomgate.room.ActiveClaim;
import io.roomgate.config.RedisConfig;
import io.roomgate.redis.RedisClients;
import io.roomgate.redis.RedisScript;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Room state in Redis, shared by every gateway instance; key layout in {@link RedisKeys}, record format in
 * {@link RoomRecordJson}. Reads are single commands ({@code HGET}, {@code HVALS}); every write and the
 * past-room paging are Lua scripts over keys of one tenant (one hash tag, so one Cluster slot), hence atomic.
 *
 * <p>Every operation has a deadline of {@code redis.timeout_ms}: past it the returned future fails with a
 * {@link StoreTimeoutException}, whatever the connection does. Other failures come as {@link StoreException}
 * naming the operation. Nothing here blocks.
 */
public final class RedisRoomStore implements RoomStore {

  /** Largest page {@link #pastRooms} returns, whatever the query asks for. */
  public static final int MAX_PAGE = InMemoryRoomStore.MAX_PAGE;

  static final RedisScript PUT_IF_ABSENT = RedisScript.fromResource("redis/room_put_if_absent.lua");
  static final RedisScript REPLACE = RedisScript.fromResource("redis/room_replace.lua");
  static final RedisScript END = RedisScript.fromResource("redis/room_end.lua");
  static final RedisScript PAST_PAGE = RedisScript.fromResource("redis/room_past_page.lua");
  private static final List<RedisScript> SCRIPTS = List.of(PUT_IF_ABSENT, REPLACE, END, PAST_PAGE);

  private final Redis redis;
  private final long timeoutMs;
  private final boolean ownsClient;

  /**
   * A store over a shared client (e.g. the one the rate limiter uses too); {@link #close} leaves it open.
   * Only {@code config.timeoutMs()} is read here.
   */
  public RedisRoomStore(Redis redis, RedisConfig config) {
    this(redis, config.timeoutMs(), false);
  }

  private RedisRoomStore(Redis redis, long timeoutMs, boolean ownsClient) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.timeoutMs = timeoutMs > 0 ? timeoutMs : RedisConfig.DEFAULT_TIMEOUT_MS;
    this.ownsClient = ownsClient;
  }

  /** A store with a pooled client of its own ({@link RedisClients#create}); {@link #close} closes it. */
  public static RedisRoomStore create(Vertx vertx, RedisConfig config) {
    return new RedisRoomStore(RedisClients.create(vertx, config), config.timeoutMs(), true);
  }

  /**
   * Optional warm-up: {@code SCRIPT LOAD}s the store's scripts so the first calls need no {@code EVAL}
   * fallback; also a cheap "is Redis there" check at startup.
   */
  public Future<Void> loadScripts() {
    List<Future<Void>> loads = new ArrayList<>(SCRIPTS.size());
    for (RedisScript s : SCRIPTS) {
      loads.add(s.load(redis));
    }
    return withDeadline(Future.all(loads).mapEmpty(), "SCRIPT LOAD");
  }

  @Override
  public Future<RoomRecord> findActive(RoomKey key) {
    Request req = Request.cmd(Command.HGET).arg(RedisKeys.active(key.tenantId())).arg(key.roomId());
    return withDeadline(redis.send(req), "findActive").map(RedisRoomStore::recordOrNull);
  }

  @Override
  public Future<List<RoomRecord>> listActive(String tenantId) {
    Request req = Request.cmd(Command.HVALS).arg(RedisKeys.active(tenantId));
    return withDeadline(redis.send(req), "listActive").map(r -> {
      if (r == null || r.size() == 0) {
        return List.of();
      }
      List<RoomRecord> rooms = new ArrayList<>(r.size());
      for (Response item : r) {
        rooms.add(RoomRecordJson.decode(item.toBuffer()));
      }
      return rooms;
    });
  }

  @Override
  public Future<Integer> countActive(String tenantId) {
    Request req = Request.cmd(Command.HLEN).arg(RedisKeys.active(tenantId));
    return withDeadline(redis.send(req), "countActive").map(r -> r == null ? 0 : r.toInteger());
  }

  @Override
  public Future<ActiveClaim> claimActive(RoomRecord room, int maxActiveRooms) {
    RoomRecord active = asActive(room);
    Future<Response> f = PUT_IF_ABSENT.run(redis, List.of(RedisKeys.active(room.tenantId())),
        List.of(room.roomId(), RoomRecordJson.encode(active), maxActiveRooms));
    return withDeadline(f, "claimActive").map(r -> {
      if (r != null && r.type() == ResponseType.NUMBER) {
        // 1: stored, we won; 0: the tenant is at its limit and nothing was stored
        return r.toLong() == 1L ? new ActiveClaim(active, true) : ActiveClaim.refusedAtLimit();
      }
      RoomRecord winner = recordOrNull(r);
      if (winner == null) {
        throw new StoreException("claimActive: Redis returned neither a result nor the winner", null);
      }
      return new ActiveClaim(winner, false);
    });
  }

  @Override
  public Future<RoomRecord> replaceActive(RoomRecord room) {
    RoomRecord active = asActive(room);
    Future<Response> f = REPLACE.run(redis, List.of(RedisKeys.active(room.tenantId())),
        List.of(room.roomId(), RoomRecordJson.encode(active)));
    return withDeadline(f, "replaceActive").map(r -> r != null && r.toLong() == 1L ? active : null);
  }

  @Override
  public Future<RoomRecord> end(RoomKey key, long endedAtUnixSeconds) {
    if (endedAtUnixSeconds <= 0) {
      return Future.failedFuture(new IllegalArgumentException("endedAt must be > 0, was " + endedAtUnixSeconds));
    }
    String t = key.tenantId();
    List<String> keys = List.of(RedisKeys.active(t), RedisKeys.past(t), RedisKeys.pastRecords(t),
        RedisKeys.pastSeq(t), RedisKeys.pastByRoom(t, key.roomId()));
    Future<Response> f = END.run(redis, keys, List.of(key.roomId(), endedAtUnixSeconds));
    return withDeadline(f, "end").map(RedisRoomStore::recordOrNull);
  }

  @Override
  public Future<PastRoomPage> pastRooms(String tenantId, PastRoomQuery query) {
    int from = Math.max(0, query.from());
    int limit = Math.min(MAX_PAGE, Math.max(0, query.limit()));
    List<String> keys = new ArrayList<>(2 + query.roomIds().size());
    keys.add(RedisKeys.past(tenantId));
    keys.add(RedisKeys.pastRecords(tenantId));
    for (String roomId : new LinkedHashSet<>(query.roomIds())) {
      keys.add(RedisKeys.pastByRoom(tenantId, roomId));
    }
    Future<Response> f = PAST_PAGE.run(redis, keys, List.of(from, limit, query.descending() ? "1" : "0"));
    return withDeadline(f, "pastRooms").map(r -> {
      long total = r.get(0).toLong();
      List<RoomRecord> rooms = new ArrayList<>(Math.max(0, r.size() - 1));
      for (int i = 1; i < r.size(); i++) {
        rooms.add(RoomRecordJson.decode(r.get(i).toBuffer()));
      }
      return new PastRoomPage(total, rooms);
    });
  }

  @Override
  public Future<Void> close() {
    return ownsClient ? redis.close() : Future.succeededFuture();
  }

  /** Active records are stored without "e" (the end script relies on it). */
  private static RoomRecord asActive(RoomRecord room) {
    return room.endedAt() == 0 ? room : room.endedAt(0);
  }

  private static RoomRecord recordOrNull(Response r) {
    if (r == null || r.type() == ResponseType.NUMBER) {
      return null;
    }
    Buffer json = r.toBuffer();
    return json == null ? null : RoomRecordJson.decode(json);
  }

  private <T> Future<T> withDeadline(Future<T> f, String op) {
    return StoreDeadline.within(f, timeoutMs, "Redis room store: " + op);
  }
}
