package io.roomgate.api;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The room metadata defaults (plugNmeet's {@code RoomMetadata} layout, spec/plugnmeet-api.md §4): the feature blocks
 * a client leaves out take these values, so the stored metadata is always complete. Read once from
 * {@code plugnmeet/room-metadata-defaults.json}. Shared by the dialects, not owned by one: rooms created through
 * Tencent carry the same complete metadata, so that the LiveKit and plugNmeet clients in them can read it.
 */
public final class RoomMetadataDefaults {
  private final JsonObject defaults;

  private RoomMetadataDefaults(JsonObject defaults) {
    this.defaults = defaults;
  }

  public static RoomMetadataDefaults load() {
    try (InputStream in = RoomMetadataDefaults.class.getResourceAsStream("/plugnmeet/room-metadata-defaults.json")) {
      if (in == null) {
        throw new IllegalStateException("plugnmeet/room-metadata-defaults.json is missing from the classpath");
      }
      return new RoomMetadataDefaults(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The request's metadata laid over the defaults, object by object; values the client sent always win. */
  public JsonObject apply(JsonObject requested) {
    return merge(defaults.copy(), requested);
  }

  private static JsonObject merge(JsonObject base, JsonObject over) {
    for (Map.Entry<String, Object> e : over) {
      Object mine = base.getValue(e.getKey());
      if (mine instanceof JsonObject b && e.getValue() instanceof JsonObject o) {
        merge(b, o);
      } else {
        base.put(e.getKey(), e.getValue());
      }
    }
    return base;
  }
}
