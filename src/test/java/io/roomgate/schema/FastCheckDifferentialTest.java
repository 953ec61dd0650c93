package io.roomgate.schema;

import io.roomgate.http.JsonBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fast path against vertx-json-schema on generated bodies, for every shipped schema: bodies built from the
 * schema itself, mostly near its limits (lengths at and past each bound, characters inside and outside each
 * pattern, numbers at each bound, whole and fractional doubles, huge integers, missing required fields, wrong types,
 * unknown fields), parsed from their bytes as a request's are. For each body:
 * <ul>
 *   <li>if the fast path accepts it, the library finds it valid (the fast path is never wrong);</li>
 *   <li>the validator's answer (verdict, field path, text) equals the library's alone (nothing changed);</li>
 *   <li>where the body reaches no keyword left to the library and holds no huge number, the fast path accepts
 *       exactly the bodies the library finds valid (it is really used).</li>
 * </ul>
 */
class FastCheckDifferentialTest {

  private static final int BODIES_PER_SCHEMA = 2_000;
  private static final Set<String> LEFT_TO_LIBRARY = Set.of("format", "if", "then", "else", "oneOf", "anyOf",
      "allOf", "not", "const", "uniqueItems", "patternProperties");
  private static final List<String> PIECES = List.of("a", "Z", "0", "9", "_", "-", "!", "~", " ", "/", ":", ".",
      "é", "\uD83D\uDE00", "\n", "\t", "\u0000", "\"", "\\", "#", "?", "@", "%");
  private static final List<String> URLS = List.of("https://app.example/hook", "http://x", "HTTP://a.b/c?d#e",
      "hTtPs://h:8080/p", "ftp://x", "", "http://", "http:///x", "https://a b", "https://u@h/", "javascript:alert(1)",
      "https://h/\n", "/relative", "mailto:a@b.c");

  static CheckedSchemas checked;
  static SchemaRegistry registry;

  @BeforeAll
  static void load() {
    checked = SchemaChecker.check(SchemaFiles.find(null));
    registry = SchemaRegistry.loadFromClasspath();
  }

  /** What one generated body reached. */
  private static final class Reach {
    final Random random;
    final double noise; // how likely each value is off its schema: 0 for a quarter of the bodies
    boolean leftToLibrary;
    boolean bigNumber;

    Reach(Random random) {
      this.random = random;
      this.noise = new double[] {0, 0.03, 0.1, 0.3}[random.nextInt(4)];
    }

    boolean off() {
      return random.nextDouble() < noise;
    }
  }

  @Test
  void everyShippedSchemaAgreesWithTheLibrary() {
    Random random = new Random(20261202);
    StringBuilder report = new StringBuilder();
    for (String name : checked.byName().keySet()) {
      CompiledValidator v = (CompiledValidator) registry.validator(name);
      int valid = 0;
      int fastAccepted = 0;
      int comparable = 0;
      for (int i = 0; i < BODIES_PER_SCHEMA; i++) {
        Reach reach = new Reach(random);
        Object generated = generate(SchemaFiles.uri(name), checked.byName().get(name), random, reach, 0);
        JsonObject body = generated instanceof JsonObject o ? o : new JsonObject().put("x", generated);
        String text = body.encode();
        SchemaViolation library = v.validateWithLibrary(parse(text));
        boolean fast = v.fastCheck().accepts(parse(text));
        SchemaViolation answer = v.validate(parse(text));
        if (fast && library != null) {
          fail(name + ": fast path accepted a body the library refuses (" + library + "): " + text);
        }
        assertEquals(library, answer, name + ": " + text);
        valid += library == null ? 1 : 0;
        fastAccepted += fast ? 1 : 0;
        if (!reach.leftToLibrary && !reach.bigNumber) {
          comparable++;
          if (fast != (library == null)) {
            fail(name + ": the library finds valid a body the fast path does not accept: " + text);
          }
        }
      }
      report.append(String.format("%-28s valid %4d, fast-accepted %4d, comparable %4d of %d%n",
          name, valid, fastAccepted, comparable, BODIES_PER_SCHEMA));
      if (checked.byName().get(name).containsKey("properties")) { // else every object is valid
        assertTrue(valid > BODIES_PER_SCHEMA / 20 && valid < BODIES_PER_SCHEMA * 49 / 50,
            name + ": the generator should make both valid and invalid bodies, valid " + valid);
      }
    }
    System.out.print(report);
  }

  private static JsonObject parse(String text) {
    return JsonBodies.object(Buffer.buffer(text));
  }

  private static Object generate(String fileUri, Object node, Random random, Reach reach, int depth) {
    if (!(node instanceof JsonObject schema)) {
      return anyValue(random, reach);
    }
    for (String key : schema.fieldNames()) {
      reach.leftToLibrary |= LEFT_TO_LIBRARY.contains(key);
    }
    if (schema.getValue("$ref") instanceof String ref) {
      String target = CheckedSchemas.resolve(fileUri, ref);
      int hash = target.indexOf('#');
      return generate(hash < 0 ? target : target.substring(0, hash), checked.subschema(target), random, reach, depth);
    }
    if (reach.off() && random.nextInt(3) == 0 || depth > 6) {
      return anyValue(random, reach); // most often the wrong type
    }
    Object type = schema.getValue("type");
    if (schema.getValue("enum") instanceof JsonArray values && !reach.off()) {
      return values.getValue(random.nextInt(values.size()));
    }
    if (!(type instanceof String t)) {
      return anyValue(random, reach);
    }
    return switch (t) {
      case "string" -> string(schema, random, reach);
      case "integer", "number" -> number(schema, random, reach);
      case "boolean" -> random.nextBoolean();
      case "array" -> array(fileUri, schema, random, reach, depth);
      case "object" -> object(fileUri, schema, random, reach, depth);
      default -> anyValue(random, reach);
    };
  }

  private static JsonObject object(String fileUri, JsonObject schema, Random random, Reach reach, int depth) {
    JsonObject out = new JsonObject();
    JsonArray required = schema.getJsonArray("required", new JsonArray());
    JsonObject props = schema.getJsonObject("properties", new JsonObject());
    for (String key : props.fieldNames()) {
      boolean include = required.contains(key) ? !reach.off() : random.nextInt(3) == 0;
      if (include) {
        out.put(key, generate(fileUri, props.getValue(key), random, reach, depth + 1));
      }
    }
    if (random.nextInt(5) == 0) {
      out.put("unknown_" + random.nextInt(3), anyValue(random, reach));
    }
    return out;
  }

  private static JsonArray array(String fileUri, JsonObject schema, Random random, Reach reach, int depth) {
    int max = schema.getInteger("maxItems", 5);
    int size = reach.off() ? max + 1 : random.nextInt(Math.min(max, 6) + 1);
    JsonArray out = new JsonArray();
    for (int i = 0; i < size; i++) {
      out.add(generate(fileUri, schema.getValue("items"), random, reach, depth + 1));
    }
    return out;
  }

  private static String string(JsonObject schema, Random random, Reach reach) {
    if (schema.containsKey("pattern") && schema.getString("pattern").contains("[Hh][Tt]") || schema.containsKey("format")) {
      if (random.nextInt(4) > 0) {
        return reach.off() ? URLS.get(random.nextInt(URLS.size())) : URLS.get(random.nextInt(4));
      }
    }
    int min = Math.max(schema.getInteger("minLength", 0), schema.containsKey("pattern") ? 1 : 0);
    int max = schema.getInteger("maxLength", 40);
    int length = switch (random.nextInt(6)) {
      case 0 -> max;
      case 1 -> reach.off() ? max + 1 : max;
      case 2 -> reach.off() ? Math.max(min - 1, 0) : min;
      case 3 -> min;
      default -> min + random.nextInt(Math.min(max - min, 30) + 1);
    };
    boolean plain = !reach.off(); // letters, digits, _ and - only: matches every shipped pattern
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      String piece = plain ? PIECES.get(random.nextInt(6)) : PIECES.get(random.nextInt(PIECES.size()));
      sb.append(piece);
    }
    return sb.toString();
  }

  private static Object number(JsonObject schema, Random random, Reach reach) {
    Number[] bounds = {schema.getNumber("minimum"), schema.getNumber("maximum"), schema.getNumber("exclusiveMinimum"),
        schema.getNumber("exclusiveMaximum")};
    Number bound = bounds[random.nextInt(4)];
    long base = bound == null ? random.nextInt(200) - 20 : bound.longValue();
    if (!reach.off()) {
      long low = schema.containsKey("minimum") ? schema.getLong("minimum")
          : schema.containsKey("exclusiveMinimum") ? schema.getLong("exclusiveMinimum") + 1 : -50;
      long high = schema.containsKey("maximum") ? schema.getLong("maximum") : low + 200;
      long pick = random.nextBoolean() ? low : random.nextBoolean() ? high : low + random.nextInt((int) Math.min(high - low, 1000) + 1);
      return random.nextInt(10) == 0 ? (Object) (double) pick : (Object) pick;
    }
    return switch (random.nextInt(10)) {
      case 0 -> base + 0.5;
      case 1 -> (double) base;
      case 2 -> {
        reach.bigNumber = true;
        yield new BigInteger("18446744073709551616").multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
      }
      case 3 -> Long.MAX_VALUE;
      default -> base + random.nextInt(3) - 1;
    };
  }

  private static Object anyValue(Random random, Reach reach) {
    return switch (random.nextInt(9)) {
      case 0 -> "x";
      case 1 -> 7;
      case 2 -> 1.5;
      case 3 -> true;
      case 4 -> null;
      case 5 -> new JsonObject();
      case 6 -> new JsonArray().add(1).add("a");
      case 7 -> new JsonObject().put("a", 1);
      default -> {
        reach.bigNumber = true;
        yield new BigInteger("123456789012345678901234567890");
      }
    };
  }
}
