package io.roomgate.schema;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks the schema files found: every file must be a JSON object, valid against the draft 2020-12 meta-schema,
 * with compilable {@code pattern}s and resolvable {@code $ref}s; otherwise {@link IllegalStateException} naming
 * the file. Indexes every subschema under the absolute URI the library reports it by.
 */
final class SchemaChecker {

  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
  private static final List<String> META_FILES = List.of(
    META_SCHEMA,
    "https://json-schema.org/draft/2020-12/meta/core",
    "https://json-schema.org/draft/2020-12/meta/applicator",
    "https://json-schema.org/draft/2020-12/meta/validation",
    "https://json-schema.org/draft/2020-12/meta/meta-data",
    "https://json-schema.org/draft/2020-12/meta/format-annotation",
    "https://json-schema.org/draft/2020-12/meta/content",
    "https://json-schema.org/draft/2020-12/meta/unevaluated");

  // Keywords whose value is a schema, a map of schemas or an array of schemas (draft 2020-12).
  static final Set<String> SCHEMA_KEYWORDS = Set.of("items", "additionalProperties",
    "unevaluatedProperties", "unevaluatedItems", "additionalItems", "contains", "propertyNames", "not",
    "if", "then", "else");
  static final Set<String> SCHEMA_MAP_KEYWORDS = Set.of("$defs", "definitions", "properties",
    "patternProperties", "dependentSchemas");
  static final Set<String> SCHEMA_ARRAY_KEYWORDS = Set.of("prefixItems", "items", "allOf", "anyOf", "oneOf");

  private SchemaChecker() {
  }

  /** Parses and checks every source; the result holds pristine trees and the subschema index. */
  static CheckedSchemas check(Map<String, SchemaSource> sources) {
    Map<String, JsonObject> parsed = new TreeMap<>();
    Map<String, JsonObject> index = new HashMap<>();
    Validator meta = metaSchemaValidator();
    for (SchemaSource src : sources.values()) {
      JsonObject schema = parse(src);
      checkAgainstMetaSchema(meta, src, schema);
      try {
        indexSubschemas(src.uri(), "", schema, index);
      } catch (IllegalArgumentException e) {
        throw invalid(src, e.getMessage());
      }
      parsed.put(src.name(), schema);
    }
    for (SchemaSource src : sources.values()) {
      checkRefs(src, src.uri(), "", parsed.get(src.name()), index);
    }
    return new CheckedSchemas(Collections.unmodifiableMap(parsed), Collections.unmodifiableMap(index));
  }

  static IllegalStateException invalid(SchemaSource src, String why) {
    return new IllegalStateException("invalid JSON Schema " + src.origin() + ": " + why);
  }

  private static JsonObject parse(SchemaSource src) {
    try {
      return new JsonObject(src.text());
    } catch (DecodeException | ClassCastException e) {
      throw invalid(src, "not a JSON object: " + e.getMessage());
    }
  }

  /** The draft 2020-12 meta-schema, from the copies vertx-json-schema ships on the classpath. */
  private static Validator metaSchemaValidator() {
    SchemaRepository repo = SchemaRepository.create(LibraryValidators.OPTIONS);
    ClassLoader cl = SchemaRepository.class.getClassLoader();
    for (String id : META_FILES) {
      String resource = id.substring(id.indexOf("://") + 3);
      try (InputStream in = cl.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("meta-schema " + resource + " missing from the classpath");
        }
        repo.dereference(id, JsonSchema.of(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return repo.validator(META_SCHEMA);
  }

  private static void checkAgainstMetaSchema(Validator meta, SchemaSource src, JsonObject schema) {
    OutputUnit out = meta.validate(schema.copy());
    if (out.getValid()) {
      return;
    }
    // Report the deepest error, innermost (last) among equals: the wrappers ("Property x does not match
    // schema") come before the errors that say why.
    OutputUnit worst = null;
    if (out.getErrors() != null) {
      for (OutputUnit e : out.getErrors()) {
        if (worst == null || e.getInstanceLocation().length() >= worst.getInstanceLocation().length()) {
          worst = e;
        }
      }
    }
    throw invalid(src, worst == null ? "does not match the draft 2020-12 meta-schema"
      : "at " + worst.getInstanceLocation() + ": " + worst.getError());
  }

  /** Records every subschema under its absolute URI (as the library computes it) and checks patterns. */
  private static void indexSubschemas(String fileUri, String pointer, Object node, Map<String, JsonObject> index) {
    if (!(node instanceof JsonObject schema)) {
      return; // boolean schema
    }
    index.put(pointer.isEmpty() ? fileUri : fileUri + "#" + pointer, schema);
    for (String key : schema.fieldNames()) {
      Object value = schema.getValue(key);
      String at = pointer + "/" + JsonPointers.encodeSegment(key);
      if ("pattern".equals(key) && value instanceof String regex) {
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("bad pattern at " + at + ": " + e.getDescription());
        }
      } else if (SCHEMA_MAP_KEYWORDS.contains(key) && value instanceof JsonObject map) {
        for (String sub : map.fieldNames()) {
          indexSubschemas(fileUri, at + "/" + JsonPointers.encodeSegment(sub), map.getValue(sub), index);
        }
      } else if (SCHEMA_ARRAY_KEYWORDS.contains(key) && value instanceof JsonArray arr) {
        for (int i = 0; i < arr.size(); i++) {
          indexSubschemas(fileUri, at + "/" + i, arr.getValue(i), index);
        }
      } else if (SCHEMA_KEYWORDS.contains(key)) {
        indexSubschemas(fileUri, at, value, index);
      }
    }
  }

  private static void checkRefs(SchemaSource src, String fileUri, String pointer, Object node,
                                Map<String, JsonObject> index) {
    if (!(node instanceof JsonObject schema)) {
      return;
    }
    if (schema.getValue("$ref") instanceof String r) {
      String target;
      try {
        target = CheckedSchemas.resolve(fileUri, r);
      } catch (IllegalArgumentException e) {
        throw invalid(src, "bad $ref '" + r + "' at " + (pointer.isEmpty() ? "/" : pointer));
      }
      if (!index.containsKey(target)) {
        throw invalid(src, "unresolved $ref '" + r + "' at " + (pointer.isEmpty() ? "/" : pointer)
          + " (no schema " + target + ")");
      }
    }
    for (String key : schema.fieldNames()) {
      Object value = schema.getValue(key);
      String at = pointer + "/" + JsonPointers.encodeSegment(key);
      if (SCHEMA_MAP_KEYWORDS.contains(key) && value instanceof JsonObject map) {
        for (String sub : map.fieldNames()) {
          checkRefs(src, fileUri, at + "/" + JsonPointers.encodeSegment(sub), map.getValue(sub), index);
        }
      } else if (SCHEMA_ARRAY_KEYWORDS.contains(key) && value instanceof JsonArray arr) {
        for (int i = 0; i < arr.size(); i++) {
          checkRefs(src, fileUri, at + "/" + i, arr.getValue(i), index);
        }
      } else if (SCHEMA_KEYWORDS.contains(key)) {
        checkRefs(src, fileUri, at, value, index);
      }
    }
  }
}
