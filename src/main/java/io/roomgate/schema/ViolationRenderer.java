package io.roomgate.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the library's error list for an invalid body into the one {@link SchemaViolation} reported: the
 * shallowest field path first and, among equals, the library's evaluation order (a node's {@code type}, then
 * {@code required}, then its properties in schema order). The text comes from {@link ViolationTexts}.
 * Off the happy path: only invalid bodies get here.
 */
final class ViolationRenderer {

  // Keywords whose error only says "a subschema failed"; the subschema's own error is reported instead.
  private static final Set<String> WRAPPER_KEYWORDS = Set.of("properties", "patternProperties",
    "additionalProperties", "unevaluatedProperties", "items", "prefixItems", "additionalItems",
    "unevaluatedItems", "$ref", "$dynamicRef", "$recursiveRef", "allOf", "dependentSchemas", "if", "then", "else");

  private final CheckedSchemas schemas;

  ViolationRenderer(CheckedSchemas schemas) {
    this.schemas = schemas;
  }

  /** The violation to report for {@code body}, given the library's (invalid) output for it. */
  SchemaViolation firstViolation(OutputUnit out, JsonObject body) {
    List<OutputUnit> errors = out.getErrors();
    if (errors == null || errors.isEmpty()) {
      return new SchemaViolation("", "value is invalid");
    }
    SchemaViolation best = null;
    int bestDepth = Integer.MAX_VALUE;
    for (OutputUnit e : errors) {
      String location = e.getAbsoluteKeywordLocation() != null ? e.getAbsoluteKeywordLocation() : e.getKeywordLocation();
      if (location == null) {
        continue;
      }
      int slash = location.lastIndexOf('/');
      String keyword = JsonPointers.decodeSegment(location.substring(slash + 1));
      if (WRAPPER_KEYWORDS.contains(keyword)) {
        continue;
      }
      JsonObject subschema = slash < 0 ? null : schemas.subschema(location.substring(0, slash));
      List<String> segments = instanceSegments(e.getInstanceLocation());
      if ("required".equals(keyword)) {
        String missing = ViolationTexts.quoted(e.getError());
        if (missing != null) {
          segments.add(missing);
        }
      }
      if (segments.size() < bestDepth) {
        bestDepth = segments.size();
        best = new SchemaViolation(fieldPath(segments, body), ViolationTexts.message(keyword, subschema, e));
      }
    }
    if (best == null) {
      OutputUnit e = errors.get(0);
      best = new SchemaViolation(fieldPath(instanceSegments(e.getInstanceLocation()), body), e.getError());
    }
    return best;
  }

  private static List<String> instanceSegments(String instanceLocation) {
    List<String> segments = new ArrayList<>(4);
    if (instanceLocation == null) {
      return segments;
    }
    String p = instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
    if (p.isEmpty()) {
      return segments;
    }
    for (String s : p.substring(1).split("/", -1)) {
      segments.add(JsonPointers.decodeSegment(s));
    }
    return segments;
  }

  /** {@code metadata.room_features.allow_webcams}, {@code room_ids[2]}. */
  private static String fieldPath(List<String> segments, JsonObject body) {
    StringBuilder sb = new StringBuilder();
    Object cur = body;
    for (String seg : segments) {
      if (cur instanceof JsonArray arr && isIndex(seg)) {
        sb.append('[').append(seg).append(']');
        int i = Integer.parseInt(seg);
        cur = i < arr.size() ? arr.getValue(i) : null;
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(seg);
        cur = cur instanceof JsonObject obj ? obj.getValue(seg) : null;
      }
    }
    return sb.toString();
  }

  private static boolean isIndex(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
