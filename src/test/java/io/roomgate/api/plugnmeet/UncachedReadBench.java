package io.roomgate.api.plugnmeet;

import io.roomgate.api.RoomMetadataDefaults;
import io.roomgate.room.ActiveRoom;
import io.roomgate.room.Codec;
import io.roomgate.room.RoomRecord;
import io.roomgate.store.RoomRecordJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a getActiveRoomInfo that misses every cache spends between Redis's answer and the HTTP answer (README, issue
 * 14): the stored record decoded and the answer rendered, for 4,096 distinct rooms whose metadata is what a plugNmeet
 * create stores (defaults merged, ~1.3 KB), so that the answer cache always misses.
 * <ul>
 *   <li>{@code streamed}: {@link RoomRecordJson#decode} (streaming, metadata kept escaped) and the answer streamed;</li>
 *   <li>{@code tree}, the baseline: the record parsed as a JSON object and the answer built as one and encoded, as the
 *       read did before.</li>
 * </ul>
 * Run: {@code mvn -q test-compile exec:exec@jmh -Djmh.args=UncachedReadBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class UncachedReadBench {
  private static final int ROOMS = 4096;
  private final Buffer[] stored = new Buffer[ROOMS];
  private ActiveRoomAnswerCache answers;
  private int next;

  @Setup
  public void setUp() {
    RoomMetadataDefaults defaults = RoomMetadataDefaults.load();
    for (int i = 0; i < ROOMS; i++) {
      String metadata = defaults.apply(new JsonObject().put("room_title", "Room " + i)
          .put("room_features", new JsonObject().put("allow_webcams", true))).encode();
      stored[i] = RoomRecordJson.encode(new RoomRecord("lt" + i % 10, "r" + i, "RM_" + i, "Room " + i, 0, 1800,
          1_764_000_000L + i, metadata, "", "", List.of(new Codec("audio/opus", "")), null, 0));
    }
    answers = new ActiveRoomAnswerCache(1);
  }

  private Buffer nextStored() {
    next = (next + 1) & (ROOMS - 1);
    return stored[next];
  }

  @Benchmark
  public Buffer streamed() {
    // one slot shared by 4,096 rooms: every read misses, as at 100,000 rooms read uniformly
    return answers.answer(new ActiveRoom(RoomRecordJson.decode(nextStored()), List.of()));
  }

  @Benchmark
  public Buffer tree() {
    JsonObject j = new JsonObject(nextStored());
    RoomRecord room = new RoomRecord(j.getString("t"), j.getString("r"), j.getString("s", ""), j.getString("n", ""),
        j.getInteger("m", 0), j.getInteger("o", 0), j.getLong("c", 0L), j.getString("md", ""), j.getString("w", ""),
        j.getString("p", ""), List.of(new Codec(j.getJsonArray("k").getJsonArray(0).getString(0),
            j.getJsonArray("k").getJsonArray(0).getString(1))), new JsonObject(), j.getLong("e", 0L));
    ActiveRoom active = new ActiveRoom(room, List.of());
    return PlugNmeetResponses.success("success").put("room", PlugNmeetMapper.room(active)).toBuffer();
  }
}
