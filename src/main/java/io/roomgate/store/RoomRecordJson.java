package io.roomgate.store;

import io.roomgate.room.Codec;
import io.roomgate.room.RoomRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@link RoomRecord} ⇄ compact JSON, as the Redis store keeps it.
 *
 * <pre>
 * t tenantId   r roomId   s sid   n title   m maxParticipants   o emptyTimeout   c creationTime
 * md metadata  w webhookUrl   p turnPassword   k enabledCodecs [[mime, fmtpLine], ...]   x extra
 * e endedAt (always last)
 * </pre>
 *
 * Empty strings, zero numbers and empty lists/objects are left out. {@code e} is written only when
 * non-zero and always as the last member: the Redis end script stamps a room as ended by appending
 * {@code ,"e":<endedAt>} before the closing brace of the active record, without re-encoding (Lua's cjson
 * would rewrite numbers in {@code extra}).
 */
public final class RoomRecordJson {

  private RoomRecordJson() {
  }

  public static JsonObject toJson(RoomRecord r) {
    JsonObject j = new JsonObject(new LinkedHashMap<>(16));
    j.put("t", r.tenantId());
    j.put("r", r.roomId());
    putString(j, "s", r.sid());
    putString(j, "n", r.title());
    if (r.maxParticipants() != 0) {
      j.put("m", r.maxParticipants());
    }
    if (r.emptyTimeout() != 0) {
      j.put("o", r.emptyTimeout());
    }
    if (r.creationTime() != 0) {
      j.put("c", r.creationTime());
    }
    putString(j, "md", r.metadata());
    putString(j, "w", r.webhookUrl());
    putString(j, "p", r.turnPassword());
    if (!r.enabledCodecs().isEmpty()) {
      JsonArray codecs = new JsonArray(new ArrayList<>(r.enabledCodecs().size()));
      for (Codec c : r.enabledCodecs()) {
        codecs.add(new JsonArray(new ArrayList<>(2)).add(c.mime()).add(c.fmtpLine()));
      }
      j.put("k", codecs);
    }
    if (!r.extra().isEmpty()) {
      j.put("x", r.extra());
    }
    if (r.endedAt() != 0) {
      j.put("e", r.endedAt()); // must stay last, see class comment
    }
    return j;
  }

  public static Buffer encode(RoomRecord r) {
    return toJson(r).toBuffer();
  }

  public static RoomRecord fromJson(JsonObject j) {
    List<Codec> codecs = List.of();
    JsonArray k = j.getJsonArray("k");
    if (k != null && !k.isEmpty()) {
      List<Codec> list = new ArrayList<>(k.size());
      for (int i = 0; i < k.size(); i++) {
        JsonArray c = k.getJsonArray(i);
        list.add(new Codec(c.getString(0), c.size() > 1 ? c.getString(1) : null));
      }
      codecs = list;
    }
    JsonObject extra = j.getJsonObject("x");
    return new RoomRecord(
        j.getString("t"),
        j.getString("r"),
        j.getString("s", ""),
        j.getString("n", ""),
        j.getInteger("m", 0),
        j.getInteger("o", 0),
        j.getLong("c", 0L),
        j.getString("md", ""),
        j.getString("w", ""),
        j.getString("p", ""),
        codecs,
        extra == null ? new JsonObject() : extra,
        j.getLong("e", 0L));
  }

  public static RoomRecord decode(Buffer json) {
    return fromJson(new JsonObject(json));
  }

  private static void putString(JsonObject j, String name, String value) {
    if (value != null && !value.isEmpty()) {
      j.put(name, value);
    }
  }
}
