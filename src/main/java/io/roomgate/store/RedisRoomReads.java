package io.roomgate.store;

import io.roomgate.redis.LoopConnections;
import io.roomgate.redis.RedisKeys;
import io.roomgate.room.Presence;
import io.roomgate.room.RoomReads;
import io.roomgate.room.RoomView;
import io.roomgate.room.RoomKey;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import livekit.LivekitModels.ParticipantInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link RoomReads} on Redis in one round trip: the room record ({@code HGET}), its participants ({@code HVALS}) and
 * its last sync time ({@code GET}) pipelined as one batch. All three keys carry the tenant's hash tag
 * ({@link RedisKeys}), so on Redis Cluster the batch goes to one node. Not a transaction: the room and its presence
 * have different writers, and each key is read as it is. The batch is pipelined on the calling event loop's own
 * connection ({@link LoopConnections}).
 */
public final class RedisRoomReads implements RoomReads {
  private final LoopConnections connections;
  private final long timeoutMs;

  public RedisRoomReads(LoopConnections connections, long timeoutMs) {
    this.connections = connections;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<RoomView> activeWithPresence(RoomKey key) {
    String t = key.tenantId();
    Future<List<Response>> f = connections.batch(List.of(
        Request.cmd(Command.HGET).arg(RedisKeys.active(t)).arg(key.roomId()),
        Request.cmd(Command.HVALS).arg(RedisKeys.presence(t, key.roomId())),
        Request.cmd(Command.GET).arg(RedisKeys.presenceSynced(t, key.roomId()))));
    return StoreDeadline.within(f, timeoutMs, "Redis room store: activeWithPresence").map(rs -> {
      Response record = rs.get(0);
      if (record == null) {
        return null;
      }
      List<ParticipantInfo> participants = new ArrayList<>();
      Response values = rs.get(1);
      if (values != null) {
        for (Response v : values) {
          participants.add(RedisPresenceStore.parse(v.toBytes()));
        }
      }
      Response syncedAt = rs.get(2);
      return new RoomView(RoomRecordJson.decode(record.toBuffer()),
          new Presence(participants, syncedAt == null ? 0 : syncedAt.toLong()));
    });
  }
}
