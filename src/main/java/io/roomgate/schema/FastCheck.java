package io.roomgate.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One (sub)schema compiled into plain Java checks that answer a single question quickly: is this value surely
 * valid? {@code true} only when vertx-json-schema would find it valid too; {@code false} means "not sure"
 * (invalid, or a keyword or value this class does not handle), and the caller then asks the library, which
 * decides and says why. So a violation's text always comes from the library's walk, exactly as before.
 *
 * <p>Why: the library validates in one method of ~9,300 bytes of bytecode, which HotSpot never compiles without
 * {@code -XX:-DontCompileHugeMethods}: every walk runs interpreted (12–17 µs). These checks are small methods the
 * JIT compiles like any other; a valid {@code {"room_id":"…"}} costs a type test, a map lookup, a length and a
 * regex match.
 *
 * <p>Each check follows the library's own definition (vertx-json-schema 5.0.x, {@code SchemaValidatorImpl}):
 * {@code integer} is a number without fraction ({@code 1.0} included); lengths count code points (unpaired
 * surrogates count one each); {@code pattern} is {@code java.util.regex} {@code find()}; number bounds compare
 * {@code double}s. Numbers the library compares as {@code BigDecimal} (BigInteger, BigDecimal values) are left to
 * it. {@code FastCheckDifferentialTest} holds this against the library on generated bodies for every shipped schema.
 *
 * <p>Built once by {@link FastCheckCompiler} (fields set there, never after; published through the registry's
 * final fields), then read-only and safe to share between threads.
 */
final class FastCheck {

  static final int NULL = 1;
  static final int BOOLEAN = 1 << 1;
  static final int OBJECT = 1 << 2;
  static final int ARRAY = 1 << 3;
  static final int NUMBER = 1 << 4;
  /** A number without fraction; set only together with {@code type: integer}. */
  static final int INTEGER = 1 << 5;
  static final int STRING = 1 << 6;
  static final int ANY = NULL | BOOLEAN | OBJECT | ARRAY | NUMBER | STRING;

  /** The schema {@code true}, or one without a keyword that asserts anything. */
  static final FastCheck ACCEPT_ALL = new FastCheck();
  /** The schema {@code false}, or one with a keyword we leave to the library: never sure. */
  static final FastCheck NEVER_SURE = unsure();

  boolean neverSure;
  int types = ANY;
  FastCheck ref;                  // $ref: its target must accept the value too
  Set<Object> enumValues;         // strings, booleans and nulls only
  // strings
  long minLength = -1;
  long maxLength = -1;
  Pattern pattern;
  // numbers: NaN = absent, which every comparison below treats as "within bounds"
  double minimum = Double.NaN;
  double maximum = Double.NaN;
  double exclusiveMinimum = Double.NaN;
  double exclusiveMaximum = Double.NaN;
  // objects
  String[] required;
  String[] propertyNames;
  FastCheck[] propertyChecks;
  Set<String> propertyNameSet = Set.of(); // the names under properties, for additionalProperties
  FastCheck additionalProperties; // null: any other property is fine
  // arrays
  int minItems = -1;
  int maxItems = -1;
  FastCheck items;

  static FastCheck unsure() {
    FastCheck c = new FastCheck();
    c.neverSure = true;
    return c;
  }

  /** True only if the library would find {@code value} valid against this schema. */
  boolean accepts(Object value) {
    if (neverSure) {
      return false;
    }
    Object v = value instanceof Map<?, ?> m ? new JsonObject(cast(m))
        : value instanceof List<?> l ? new JsonArray(l) : value;
    if (ref != null && !ref.accepts(v)) {
      return false;
    }
    if (enumValues != null && !enumValues.contains(v)) {
      return false;
    }
    if (v instanceof String s) {
      return (types & STRING) != 0 && string(s);
    }
    if (v instanceof JsonObject o) {
      return (types & OBJECT) != 0 && object(o);
    }
    if (v instanceof Integer || v instanceof Long) {
      return (types & (NUMBER | INTEGER)) != 0 && number(((Number) v).doubleValue());
    }
    if (v instanceof Double d) {
      boolean typeOk = (types & NUMBER) != 0 || (types & INTEGER) != 0 && d % 1 == 0.0;
      return typeOk && number(d);
    }
    if (v instanceof Boolean) {
      return (types & BOOLEAN) != 0;
    }
    if (v == null) {
      return (types & NULL) != 0;
    }
    if (v instanceof JsonArray a) {
      return (types & ARRAY) != 0 && array(a);
    }
    return false; // BigInteger, BigDecimal, anything else: the library decides
  }

  private boolean string(String s) {
    if (minLength >= 0 || maxLength >= 0) {
      int length = s.codePointCount(0, s.length());
      if (length < minLength || maxLength >= 0 && length > maxLength) {
        return false;
      }
    }
    return pattern == null || pattern.matcher(s).find();
  }

  private boolean number(double d) {
    // written so that an absent bound (NaN) never fails: every comparison with NaN is false
    return !(d < minimum) && !(d > maximum) && !(d <= exclusiveMinimum) && !(d >= exclusiveMaximum);
  }

  private boolean object(JsonObject o) {
    if (required != null) {
      for (String key : required) {
        if (!o.containsKey(key)) {
          return false;
        }
      }
    }
    if (propertyNames != null) {
      for (int i = 0; i < propertyNames.length; i++) {
        Object v = o.getValue(propertyNames[i]);
        if ((v != null || o.containsKey(propertyNames[i])) && !propertyChecks[i].accepts(v)) {
          return false;
        }
      }
    }
    if (additionalProperties != null) {
      for (String key : o.fieldNames()) {
        if (!propertyNameSet.contains(key) && !additionalProperties.accepts(o.getValue(key))) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean array(JsonArray a) {
    int n = a.size();
    if (n < minItems || maxItems >= 0 && n > maxItems) {
      return false;
    }
    if (items != null) {
      for (int i = 0; i < n; i++) {
        if (!items.accepts(a.getValue(i))) {
          return false;
        }
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
