package io.roomgate.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.roomgate.room.Codec;
import io.roomgate.room.JsonText;
import io.roomgate.room.RoomRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
  static final int MAX_SHARED_CODEC_LISTS = 64;
  private static final ConcurrentMap<List<Codec>, List<Codec>> CODEC_LISTS = new ConcurrentHashMap<>();

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private RoomRecordJson() {
  }

  private static JsonObject toJson(RoomRecord r) {
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

  /**
   * Reads a stored record with a streaming parser, straight into its fields (the hot read of a room that misses the
   * node-local copy). The metadata is kept escaped, as stored ({@link JsonText}); unknown members are skipped.
   */
  public static RoomRecord decode(Buffer json) {
    byte[] bytes = json.getBytes();
    try (JsonParser p = JSON.createParser(bytes)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      String t = null;
      String r = null;
      String sid = "";
      String title = "";
      int max = 0;
      int emptyTimeout = 0;
      long created = 0;
      JsonText metadata = JsonText.EMPTY;
      String webhookUrl = "";
      String turnPassword = "";
      List<Codec> codecs = List.of();
      JsonObject extra = null;
      long endedAt = 0;
      JsonToken token = p.nextToken();
      while (token == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("md")) {
          // kept escaped: the literal runs from its opening quote to the last quote before the next token, which the
          // parser finds by skipping it (one scan, no unescaping)
          expect(value, JsonToken.VALUE_STRING);
          int from = offset(p) + 1;
          token = p.nextToken();
          metadata = JsonText.ofEscaped(bytes, from, lastQuoteBefore(bytes, offset(p)));
          continue;
        }
        switch (name) {
          case "t" -> t = p.getText();
          case "r" -> r = p.getText();
          case "s" -> sid = p.getText();
          case "n" -> title = p.getText();
          case "m" -> max = p.getIntValue();
          case "o" -> emptyTimeout = p.getIntValue();
          case "c" -> created = p.getLongValue();
          case "w" -> webhookUrl = p.getText();
          case "p" -> turnPassword = p.getText();
          case "k" -> codecs = codecs(p, value);
          case "x" -> extra = object(p, value, bytes);
          case "e" -> endedAt = p.getLongValue();
          default -> p.skipChildren();
        }
        token = p.nextToken();
      }
      expect(token, JsonToken.END_OBJECT);
      return new RoomRecord(t, r, sid, title, max, emptyTimeout, created, metadata, webhookUrl, turnPassword, codecs,
          extra == null ? new JsonObject() : extra, endedAt);
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("not a stored room record: " + e.getMessage());
    }
  }

  /** Where the current token starts in the input. */
  private static int offset(JsonParser p) {
    return (int) p.currentTokenLocation().getByteOffset();
  }

  /** The closing quote of a string followed by {@code next} (a comma and whitespace may lie between them). */
  private static int lastQuoteBefore(byte[] bytes, int next) {
    int i = next - 1;
    while (bytes[i] != '"') {
      i--;
    }
    return i;
  }

  private static List<Codec> codecs(JsonParser p, JsonToken value) throws IOException {
    expect(value, JsonToken.START_ARRAY);
    List<Codec> list = new ArrayList<>(2);
    while (p.nextToken() == JsonToken.START_ARRAY) {
      expect(p.nextToken(), JsonToken.VALUE_STRING);
      String mime = p.getText();
      JsonToken second = p.nextToken();
      String fmtp = second == JsonToken.VALUE_STRING ? p.getText() : null;
      if (second != JsonToken.END_ARRAY) {
        expect(p.nextToken(), JsonToken.END_ARRAY);
      }
      list.add(new Codec(mime, fmtp));
    }
    return list.isEmpty() ? List.of() : shared(list);
  }

  static int sharedCodecLists() {
    return CODEC_LISTS.size();
  }

  /**
   * One instance of each codec list read (LiveKit enables the same few for every room): a node-local copy of a room
   * then holds no codec objects of its own, ~0.7 KB less per copy for the young collections to copy. Bounded: beyond
   * {@link #MAX_SHARED_CODEC_LISTS} distinct lists, each record keeps the list it read.
   */
  private static List<Codec> shared(List<Codec> read) {
    List<Codec> known = CODEC_LISTS.get(read);
    if (known != null) {
      return known;
    }
    if (CODEC_LISTS.size() >= MAX_SHARED_CODEC_LISTS) {
      return read;
    }
    List<Codec> kept = List.copyOf(read);
    known = CODEC_LISTS.putIfAbsent(kept, kept);
    return known != null ? known : kept;
  }

  private static JsonObject object(JsonParser p, JsonToken value, byte[] bytes) throws IOException {
    expect(value, JsonToken.START_OBJECT);
    int start = offset(p);
    p.skipChildren();
    int end = (int) p.currentLocation().getByteOffset();
    return new JsonObject(Buffer.buffer(Arrays.copyOfRange(bytes, start, end)));
  }

  private static void expect(JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new IllegalStateException("expected " + expected + ", found " + actual);
    }
  }

  private static void putString(JsonObject j, String name, String value) {
    if (value != null && !value.isEmpty()) {
      j.put(name, value);
    }
  }
}
