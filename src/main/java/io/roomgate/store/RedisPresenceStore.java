package io.roomgate.store;

import io.roomgate.redis.RedisKeys;
import io.roomgate.room.PresenceStore;
import io.roomgate.room.Presence;
import com.google.protobuf.InvalidProtocolBufferException;
import io.roomgate.room.RoomKey;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Presence in Redis, shared by every gateway instance: one hash per room (identity → ParticipantInfo protobuf)
 * and one key with the last full sync time, both under the tenant's hash tag ({@link RedisKeys}) and both expiring a
 * day after their last change. A read is one pipelined round trip (with the room record:
 * {@link RedisRoomReads}); a full replace is one MULTI/EXEC. Track changes read and rewrite one participant, which can
 * race with another node's change to the same participant; the periodic full sync repairs that.
 */
public final class RedisPresenceStore implements PresenceStore {
  /** How long a room's presence keys live after their last change (a day). */
  static final long TTL_MS = 24 * 3_600_000L;

  private final Redis redis;
  private final long timeoutMs;

  public RedisPresenceStore(Redis redis, long timeoutMs) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Presence> get(RoomKey room) {
    Future<List<Response>> f = redis.batch(List.of(
        Request.cmd(Command.HVALS).arg(hash(room)),
        Request.cmd(Command.GET).arg(synced(room))));
    return deadline(f, "get").map(rs -> {
      List<ParticipantInfo> participants = new ArrayList<>();
      Response values = rs.get(0);
      if (values != null) {
        for (Response v : values) {
          participants.add(parse(v.toBytes()));
        }
      }
      Response syncedAt = rs.get(1);
      return new Presence(participants, syncedAt == null ? 0 : syncedAt.toLong());
    });
  }

  @Override
  public Future<Integer> join(RoomKey room, ParticipantInfo participant) {
    return deadline(redis.batch(List.of(
        Request.cmd(Command.HSET).arg(hash(room)).arg(participant.getIdentity()).arg(participant.toByteArray()),
        expire(hash(room)), count(room))), "join").map(RedisPresenceStore::lastCount);
  }

  @Override
  public Future<Integer> leave(RoomKey room, String identity) {
    return deadline(redis.batch(List.of(Request.cmd(Command.HDEL).arg(hash(room)).arg(identity), expire(hash(room)),
        count(room))), "leave").map(RedisPresenceStore::lastCount);
  }

  /** The participant count after a change, read in the change's round trip. */
  private static Request count(RoomKey room) {
    return Request.cmd(Command.HLEN).arg(hash(room));
  }

  private static int lastCount(List<Response> rs) {
    Response n = rs.get(rs.size() - 1);
    return n == null ? 0 : n.toInteger();
  }

  /**
   * Presence outlives no room by more than {@link #TTL_MS} after its last change, even if the room's end never
   * reached this store (a gateway killed in between). A long quiet room that loses its entry this way reads as
   * never synced, so its next read syncs it from LiveKit again.
   */
  private static Request expire(String key) {
    return Request.cmd(Command.PEXPIRE).arg(key).arg(TTL_MS);
  }

  @Override
  public Future<Void> publishTrack(RoomKey room, String identity, TrackInfo track) {
    return rewrite(room, identity, p -> Tracks.publish(p, track));
  }

  @Override
  public Future<Void> unpublishTrack(RoomKey room, String identity, String trackSid) {
    return rewrite(room, identity, p -> Tracks.unpublish(p, trackSid));
  }

  private Future<Void> rewrite(RoomKey room, String identity, UnaryOperator<ParticipantInfo> change) {
    return deadline(redis.send(Request.cmd(Command.HGET).arg(hash(room)).arg(identity)), "read participant")
        .compose(r -> r == null ? Future.succeededFuture()
            : join(room, change.apply(parse(r.toBytes()))).mapEmpty());
  }

  @Override
  public Future<Void> replace(RoomKey room, List<ParticipantInfo> participants, long syncedAtMillis) {
    List<Request> tx = new ArrayList<>();
    tx.add(Request.cmd(Command.MULTI));
    tx.add(Request.cmd(Command.DEL).arg(hash(room)));
    if (!participants.isEmpty()) {
      Request hset = Request.cmd(Command.HSET).arg(hash(room));
      participants.forEach(p -> hset.arg(p.getIdentity()).arg(p.toByteArray()));
      tx.add(hset);
    }
    tx.add(Request.cmd(Command.SET).arg(synced(room)).arg(syncedAtMillis).arg("PX").arg(TTL_MS));
    tx.add(expire(hash(room)));
    tx.add(Request.cmd(Command.EXEC));
    return deadline(redis.batch(tx), "replace").mapEmpty();
  }

  @Override
  public Future<Void> clear(RoomKey room) {
    return deadline(redis.send(Request.cmd(Command.DEL).arg(hash(room)).arg(synced(room))), "clear").mapEmpty();
  }

  private static String hash(RoomKey room) {
    return RedisKeys.presence(room.tenantId(), room.roomId());
  }

  private static String synced(RoomKey room) {
    return RedisKeys.presenceSynced(room.tenantId(), room.roomId());
  }

  static ParticipantInfo parse(byte[] bytes) {
    try {
      return ParticipantInfo.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("presence: unreadable participant record", e);
    }
  }

  private <T> Future<T> deadline(Future<T> f, String op) {
    return StoreDeadline.within(f, timeoutMs, "Redis presence store: " + op);
  }
}
