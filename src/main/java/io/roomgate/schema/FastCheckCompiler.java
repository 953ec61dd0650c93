package io.roomgate.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles checked schemas into {@link FastCheck}s. Handles the keywords request bodies use: {@code type},
 * {@code $ref}, {@code required}, {@code properties}, {@code additionalProperties}, {@code enum} (of strings,
 * booleans, null), {@code minLength}, {@code maxLength}, {@code pattern}, {@code minimum}, {@code maximum},
 * {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code items} (one schema), {@code minItems},
 * {@code maxItems}; ignores annotations ({@code title}, {@code description}, {@code x-*}, ...). A subschema with
 * any other keyword ({@code format}, {@code if}, {@code anyOf}, ...) compiles to "never sure", so a body that
 * reaches it is left to the library: the rest of the schema keeps its fast path. A file that declares its own
 * identifiers ({@code $id}, anchors, dynamic references) changes how references resolve, and is left to the
 * library whole.
 */
final class FastCheckCompiler {

  private static final Set<String> ANNOTATIONS = Set.of("$schema", "$comment", "$defs", "definitions", "title",
      "description", "default", "examples", "deprecated", "readOnly", "writeOnly");
  private static final Set<String> IDENTIFIERS = Set.of("$id", "$anchor", "$dynamicAnchor", "$dynamicRef",
      "$recursiveAnchor", "$recursiveRef");

  private final CheckedSchemas schemas;
  private final Map<Map<String, Object>, FastCheck> compiled = new IdentityHashMap<>(); // by the node's own map
  private final Map<String, Boolean> plainFiles = new HashMap<>();

  FastCheckCompiler(CheckedSchemas schemas) {
    this.schemas = schemas;
  }

  /** The check of the schema named {@code name} (a name {@link CheckedSchemas#byName()} knows). */
  FastCheck compile(String name) {
    return compile(SchemaFiles.uri(name), schemas.byName().get(name));
  }

  private FastCheck compile(String fileUri, Object node) {
    if (node instanceof Boolean b) {
      return b ? FastCheck.ACCEPT_ALL : FastCheck.NEVER_SURE;
    }
    if (!(node instanceof JsonObject schema) || !plainFile(fileUri)) {
      return FastCheck.NEVER_SURE;
    }
    FastCheck done = compiled.get(schema.getMap());
    if (done != null) {
      return done;
    }
    FastCheck c = new FastCheck();
    compiled.put(schema.getMap(), c); // before the children: a $ref cycle finds this node
    for (String key : schema.fieldNames()) {
      if (!keyword(c, fileUri, key, schema.getValue(key))) {
        c.neverSure = true; // not replaced: a $ref cycle may already hold c
        return c;
      }
    }
    return c;
  }

  /** Applies one keyword to {@code c}; false when it is one we leave to the library. */
  private boolean keyword(FastCheck c, String fileUri, String key, Object value) {
    switch (key) {
      case "type" -> {
        c.types = types(value);
        return c.types != 0;
      }
      case "$ref" -> {
        String target = CheckedSchemas.resolve(fileUri, (String) value);
        int hash = target.indexOf('#');
        c.ref = compile(hash < 0 ? target : target.substring(0, hash), schemas.subschema(target));
        return true;
      }
      case "required" -> {
        c.required = strings(value);
        return c.required != null;
      }
      case "properties" -> {
        JsonObject props = (JsonObject) value;
        c.propertyNames = props.fieldNames().toArray(new String[0]);
        c.propertyChecks = new FastCheck[c.propertyNames.length];
        for (int i = 0; i < c.propertyNames.length; i++) {
          c.propertyChecks[i] = compile(fileUri, props.getValue(c.propertyNames[i]));
        }
        c.propertyNameSet = Set.of(c.propertyNames);
        return true;
      }
      case "additionalProperties" -> {
        c.additionalProperties = compile(fileUri, value);
        return true;
      }
      case "enum" -> {
        c.enumValues = scalars(value);
        return c.enumValues != null;
      }
      case "minLength" -> {
        c.minLength = whole(value);
        return c.minLength >= 0;
      }
      case "maxLength" -> {
        c.maxLength = whole(value);
        return c.maxLength >= 0;
      }
      case "pattern" -> {
        c.pattern = Pattern.compile((String) value);
        return true;
      }
      case "minimum" -> {
        c.minimum = bound(value);
        return !Double.isNaN(c.minimum);
      }
      case "maximum" -> {
        c.maximum = bound(value);
        return !Double.isNaN(c.maximum);
      }
      case "exclusiveMinimum" -> {
        c.exclusiveMinimum = bound(value);
        return !Double.isNaN(c.exclusiveMinimum);
      }
      case "exclusiveMaximum" -> {
        c.exclusiveMaximum = bound(value);
        return !Double.isNaN(c.exclusiveMaximum);
      }
      case "items" -> {
        c.items = compile(fileUri, value);
        return !(value instanceof JsonArray);
      }
      case "minItems" -> {
        c.minItems = value instanceof Integer i && i >= 0 ? i : -1;
        return c.minItems >= 0;
      }
      case "maxItems" -> {
        c.maxItems = value instanceof Integer i && i >= 0 ? i : -1;
        return c.maxItems >= 0;
      }
      default -> {
        return ANNOTATIONS.contains(key) || key.startsWith("x-");
      }
    }
  }

  /** The type bits of a {@code type} value; 0 (left to the library) for anything unexpected. */
  private static int types(Object value) {
    if (value instanceof JsonArray names) {
      int bits = 0;
      for (Object name : names) {
        int bit = types(name);
        if (bit == 0) {
          return 0;
        }
        bits |= bit;
      }
      return bits;
    }
    if (!(value instanceof String name)) {
      return 0;
    }
    return switch (name) {
      case "null" -> FastCheck.NULL;
      case "boolean" -> FastCheck.BOOLEAN;
      case "object" -> FastCheck.OBJECT;
      case "array" -> FastCheck.ARRAY;
      case "number" -> FastCheck.NUMBER;
      case "integer" -> FastCheck.INTEGER;
      case "string" -> FastCheck.STRING;
      default -> 0;
    };
  }

  private static String[] strings(Object value) {
    if (!(value instanceof JsonArray arr)) {
      return null;
    }
    String[] out = new String[arr.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(arr.getValue(i) instanceof String s)) {
        return null;
      }
      out[i] = s;
    }
    return out;
  }

  /** Enum values compared with equals(): strings, booleans and nulls; null (left to the library) otherwise. */
  private static Set<Object> scalars(Object value) {
    if (!(value instanceof JsonArray arr)) {
      return null;
    }
    Set<Object> out = new HashSet<>();
    for (Object v : arr) {
      if (v != null && !(v instanceof String) && !(v instanceof Boolean)) {
        return null;
      }
      out.add(v);
    }
    return out;
  }

  /** A length bound, an Integer or a Long (the library compares them as doubles); -1 (left to it) otherwise. */
  private static long whole(Object value) {
    return value instanceof Integer || value instanceof Long ? Math.max(((Number) value).longValue(), -1) : -1;
  }

  /**
   * A number bound the library compares as a double; NaN (left to it) for BigInteger or BigDecimal, which it
   * compares as BigDecimal.
   */
  private static double bound(Object value) {
    return value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Float
        ? ((Number) value).doubleValue() : Double.NaN;
  }

  /** Whether a file declares no identifiers of its own (then every $ref resolves against its file URI). */
  private boolean plainFile(String fileUri) {
    return plainFiles.computeIfAbsent(fileUri, uri -> {
      JsonObject root = schemas.subschema(uri);
      return root != null && !mentionsIdentifier(root);
    });
  }

  private static boolean mentionsIdentifier(Object node) {
    if (node instanceof JsonObject o) {
      for (String key : o.fieldNames()) {
        if (IDENTIFIERS.contains(key) || mentionsIdentifier(o.getValue(key))) {
          return true;
        }
      }
    } else if (node instanceof JsonArray a) {
      for (Object v : a) {
        if (mentionsIdentifier(v)) {
          return true;
        }
      }
    }
    return false;
  }
}
