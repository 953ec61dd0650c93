package io.roomgate.schema;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link RequestValidator} of one schema: the library's verdict, rendered by {@link ViolationRenderer}. */
final class CompiledValidator implements RequestValidator {

  /**
   * Validation is a pure function of the body, and the hottest requests repeat small flat bodies
   * ({@code {"room_id":"…"}} polled again and again): such bodies found valid are remembered, so a repeat costs
   * one lookup instead of a schema walk (~3 µs, a fifth of a hot read). Bodies with nested values or many fields
   * are always walked; invalid ones too (their error is rendered each time). Bounded: past
   * {@link #MEMO_ENTRIES} remembered bodies the memo starts over.
   */
  static final int MEMO_ENTRIES = 8_192;
  private static final int MEMO_MAX_FIELDS = 4;
  private static final int MEMO_MAX_STRING = 128;

  private final String name;
  private final int index;
  private final LibraryValidators library;
  private final ViolationRenderer renderer;
  private final ConcurrentHashMap<JsonObject, Boolean> knownValid = new ConcurrentHashMap<>();

  CompiledValidator(String name, LibraryValidators library, ViolationRenderer renderer) {
    this.name = name;
    this.index = library.indexOf(name);
    this.library = library;
    this.renderer = renderer;
  }

  @Override
  public SchemaViolation validate(JsonObject body) {
    boolean memo = memoizable(body);
    if (memo && knownValid.containsKey(body)) {
      return null;
    }
    OutputUnit out = library.validate(index, body);
    if (!out.getValid()) {
      return renderer.firstViolation(out, body);
    }
    if (memo) {
      if (knownValid.size() >= MEMO_ENTRIES) {
        knownValid.clear();
      }
      knownValid.put(body.copy(), Boolean.TRUE); // a copy: the caller may change its body later
    }
    return null;
  }

  /**
   * A few fields of short strings, whole numbers, booleans or nulls: cheap to hash and compare. Not fractions:
   * JsonObject's equality counts 1 and 1.0 as equal, a schema's "integer" need not.
   */
  private static boolean memoizable(JsonObject body) {
    if (body.size() > MEMO_MAX_FIELDS) {
      return false;
    }
    for (Map.Entry<String, Object> e : body) {
      Object v = e.getValue();
      boolean flat = v == null || v instanceof Integer || v instanceof Long || v instanceof Boolean
          || v instanceof String str && str.length() <= MEMO_MAX_STRING;
      if (!flat || e.getKey().length() > MEMO_MAX_STRING) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "RequestValidator[" + name + "]";
  }
}
