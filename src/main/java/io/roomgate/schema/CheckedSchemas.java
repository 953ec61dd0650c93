package io.roomgate.schema;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * The schemas once {@link SchemaChecker} has accepted them: pristine parsed trees (never handed to the library,
 * which rewrites what it is given) and every subschema under its absolute URI.
 *
 * @param byName     schema name -> parsed schema, sorted by name
 * @param subschemas absolute URI of every subschema (as the library spells it, e.g.
 *                   {@code https://roomgate.io/schemas/common.json#/$defs/room_id}) -> that subschema
 */
record CheckedSchemas(Map<String, JsonObject> byName, Map<String, JsonObject> subschemas) {

  /**
   * The absolute URI a {@code $ref} of the schema at {@code baseUri} points to, without an empty fragment.
   *
   * @throws IllegalArgumentException when {@code ref} is not a URI reference
   */
  static String resolve(String baseUri, String ref) {
    try {
      String target = new URI(baseUri).resolve(ref).toString();
      return target.endsWith("#") ? target.substring(0, target.length() - 1) : target;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The subschema at an absolute URI (an empty fragment allowed), or null. */
  JsonObject subschema(String uri) {
    return subschemas.get(uri.endsWith("#") ? uri.substring(0, uri.length() - 1) : uri);
  }
}
