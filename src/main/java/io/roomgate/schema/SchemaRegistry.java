package io.roomgate.schema;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The request JSON Schemas (draft 2020-12), loaded, checked and compiled once at start.
 *
 * <p>Schemas are the {@code *.json} files of the classpath folder {@code schemas/} (the build copies
 * {@code conf/schemas/} there); an optional override directory adds files or replaces them by file name.
 * A schema's name is its file name without {@code .json}; its URI is {@link #BASE_URI} + file name, so one
 * schema refers to another by a relative {@code $ref} such as {@code common.json#/$defs/room_id}.
 * At load every file must be JSON, valid against the 2020-12 meta-schema, have compilable {@code pattern}s
 * and resolvable {@code $ref}s; otherwise {@link IllegalStateException} naming the file.
 *
 * <p><b>Formats are assertions.</b> vertx-json-schema 5 checks {@code format} (uri, email, date-time, ...)
 * on every draft, not only as an annotation; there is no switch to turn that off, and we need it on.
 *
 * <p><b>Threads.</b> A vertx-json-schema {@link Validator} is <em>not</em> safe for concurrent use: while
 * validating it lazily rewrites its schema tree ({@code Utils.Schemas.wrap} puts a {@code JsonObjectSchema}
 * back into the parent schema's map for {@code items}, {@code additionalProperties}, {@code not}, ...), an
 * unsynchronised write into a shared {@code LinkedHashMap}. So each thread that validates gets its own
 * compiled copy of every schema (a {@link ThreadLocal}, built once per thread: the event loops, a few
 * milliseconds each); the {@link RequestValidator}s handed out are shared and thread-safe. Do not validate
 * on virtual threads: each would compile its own copy.
 *
 * <p><b>Violations.</b> One violation is reported, the shallowest field path first and, among equals, the
 * library's evaluation order (a node's {@code type}, then {@code required}, then its properties in schema
 * order). Texts follow protovalidate; a subschema may carry its own text in {@code x-message}: a string for
 * every keyword of that subschema, or an object keyed by keyword ({@code {"pattern": "..."}}).
 */
public final class SchemaRegistry {

  /** Base URI of the schema files; only an identifier, never fetched. */
  public static final String BASE_URI = "https://roomgate.io/schemas/";
  /** Classpath folder of the shipped schemas. */
  public static final String CLASSPATH_FOLDER = "schemas/";

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
  private static final Set<String> SCHEMA_KEYWORDS = Set.of("items", "additionalProperties",
    "unevaluatedProperties", "unevaluatedItems", "additionalItems", "contains", "propertyNames", "not",
    "if", "then", "else");
  private static final Set<String> SCHEMA_MAP_KEYWORDS = Set.of("$defs", "definitions", "properties",
    "patternProperties", "dependentSchemas");
  private static final Set<String> SCHEMA_ARRAY_KEYWORDS = Set.of("prefixItems", "items", "allOf", "anyOf",
    "oneOf");
  // Keywords whose error only says "a subschema failed"; the subschema's own error is reported instead.
  private static final Set<String> WRAPPER_KEYWORDS = Set.of("properties", "patternProperties",
    "additionalProperties", "unevaluatedProperties", "items", "prefixItems", "additionalItems",
    "unevaluatedItems", "$ref", "$dynamicRef", "$recursiveRef", "allOf", "dependentSchemas", "if", "then", "else");

  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
    .setDraft(Draft.DRAFT202012)
    .setBaseUri(BASE_URI)
    // Basic: a flat error list with instance and keyword locations. On a valid body it costs the same
    // as Flag (the traversal is identical); on an invalid one it gives us the locations we report.
    .setOutputFormat(OutputFormat.Basic);

  private record Source(String name, String origin, String text) {}

  private final Map<String, JsonObject> schemas;     // name -> pristine parsed schema, never given to the library
  private final Map<String, JsonObject> subschemas;  // absolute URI of every subschema -> pristine subschema
  private final String[] names;                      // compiled validator i validates names[i]
  private final Map<String, RequestValidator> validators;
  private final ThreadLocal<Validator[]> perThread;

  private SchemaRegistry(Map<String, Source> sources) {
    Map<String, JsonObject> parsed = new TreeMap<>();
    Map<String, JsonObject> index = new HashMap<>();
    Validator meta = metaSchemaValidator();
    for (Source src : sources.values()) {
      JsonObject schema = parse(src);
      checkAgainstMetaSchema(meta, src, schema);
      try {
        indexSubschemas(fileUri(src.name), "", schema, index);
      } catch (IllegalArgumentException e) {
        throw invalid(src, e.getMessage());
      }
      parsed.put(src.name, schema);
    }
    for (Source src : sources.values()) {
      checkRefs(src, fileUri(src.name), "", parsed.get(src.name), index);
    }
    this.schemas = Collections.unmodifiableMap(parsed);
    this.subschemas = Collections.unmodifiableMap(index);
    this.names = parsed.keySet().toArray(new String[0]);

    Validator[] first;
    try {
      first = compile();
      // One run per schema, so a library-level problem shows now rather than on the first request.
      for (Validator v : first) {
        v.validate(new JsonObject());
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("invalid JSON Schemas in " + sources.values().stream()
        .map(Source::origin).toList() + ": " + e.getMessage(), e);
    }
    this.perThread = ThreadLocal.withInitial(this::compile);
    this.perThread.set(first);

    Map<String, RequestValidator> byName = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      byName.put(names[i], new CompiledValidator(i));
    }
    this.validators = Collections.unmodifiableMap(byName);
  }

  /** Loads the schemas shipped in the classpath folder {@code schemas/}. */
  public static SchemaRegistry loadFromClasspath() {
    return load(null);
  }

  /**
   * Loads the classpath schemas, then the {@code *.json} files of {@code overrideDir} (when not null),
   * which add schemas or replace classpath ones of the same file name.
   *
   * @throws IllegalStateException naming the file when a schema is invalid or a file cannot be read
   */
  public static SchemaRegistry load(Path overrideDir) {
    Map<String, Source> sources = new TreeMap<>();
    readClasspath(sources);
    if (overrideDir != null) {
      readDirectory(overrideDir, sources);
    }
    if (sources.isEmpty()) {
      throw new IllegalStateException("no JSON Schemas found in classpath:" + CLASSPATH_FOLDER
        + (overrideDir == null ? "" : " or " + overrideDir));
    }
    return new SchemaRegistry(sources);
  }

  /**
   * The validator of one schema, e.g. {@code "plugnmeet-create"}; cheap, may be called per request.
   *
   * @throws IllegalArgumentException for an unknown schema name
   */
  public RequestValidator validator(String schemaName) {
    RequestValidator v = validators.get(schemaName);
    if (v == null) {
      throw new IllegalArgumentException("unknown schema '" + schemaName + "', known: " + validators.keySet());
    }
    return v;
  }

  /** Names of the loaded schemas, sorted. */
  public Set<String> schemaNames() {
    return validators.keySet();
  }

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

  private final class CompiledValidator implements RequestValidator {
    private final int id;
    private final ConcurrentHashMap<JsonObject, Boolean> knownValid = new ConcurrentHashMap<>();

    CompiledValidator(int id) {
      this.id = id;
    }

    @Override
    public SchemaViolation validate(JsonObject body) {
      boolean memo = memoizable(body);
      if (memo && knownValid.containsKey(body)) {
        return null;
      }
      OutputUnit out = perThread.get()[id].validate(body);
      if (!out.getValid()) {
        return firstViolation(out, body);
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
      return "RequestValidator[" + names[id] + "]";
    }
  }

  // ---------------------------------------------------------------- compiling

  /** One compiled copy of every schema, for the calling thread. */
  private Validator[] compile() {
    SchemaRepository repo = SchemaRepository.create(OPTIONS);
    for (Map.Entry<String, JsonObject> e : schemas.entrySet()) {
      // copy(): the library annotates and rewrites the tree it is given
      repo.dereference(fileUri(e.getKey()), JsonSchema.of(e.getValue().copy()));
    }
    Validator[] compiled = new Validator[names.length];
    for (int i = 0; i < names.length; i++) {
      compiled[i] = repo.validator(fileUri(names[i]));
    }
    return compiled;
  }

  private static String fileUri(String name) {
    return BASE_URI + name + ".json";
  }

  // ---------------------------------------------------------------- loading and checking

  private static void readClasspath(Map<String, Source> sources) {
    ClassLoader cl = SchemaRegistry.class.getClassLoader();
    try {
      Enumeration<URL> roots = cl.getResources(CLASSPATH_FOLDER);
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        List<String> files = new ArrayList<>();
        if ("file".equals(root.getProtocol())) {
          try (Stream<Path> s = Files.list(Path.of(root.toURI()))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(files::add);
          }
        } else if ("jar".equals(root.getProtocol())) {
          JarURLConnection conn = (JarURLConnection) root.openConnection();
          conn.setUseCaches(false);
          try (JarFile jar = conn.getJarFile()) {
            for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
              String entry = en.nextElement().getName();
              if (entry.startsWith(CLASSPATH_FOLDER) && entry.endsWith(".json")
                && entry.indexOf('/', CLASSPATH_FOLDER.length()) < 0) {
                files.add(entry.substring(CLASSPATH_FOLDER.length()));
              }
            }
          }
        }
        for (String file : files) {
          String name = file.substring(0, file.length() - ".json".length());
          if (sources.containsKey(name)) {
            continue; // first classpath root wins, as for any resource
          }
          String origin = "classpath:" + CLASSPATH_FOLDER + file;
          try (InputStream in = cl.getResourceAsStream(CLASSPATH_FOLDER + file)) {
            if (in == null) {
              throw new IllegalStateException("cannot read " + origin);
            }
            sources.put(name, new Source(name, origin, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          }
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot list classpath:" + CLASSPATH_FOLDER + ": " + e, e);
    }
  }

  private static void readDirectory(Path dir, Map<String, Source> sources) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("schema override directory " + dir + " is not a directory");
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()::iterator) {
        String file = p.getFileName().toString();
        String name = file.substring(0, file.length() - ".json".length());
        sources.put(name, new Source(name, p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException("cannot read schema override directory " + dir + ": " + e, e);
    }
  }

  private static IllegalStateException invalid(Source src, String why) {
    return new IllegalStateException("invalid JSON Schema " + src.origin + ": " + why);
  }

  private static JsonObject parse(Source src) {
    try {
      return new JsonObject(src.text);
    } catch (DecodeException | ClassCastException e) {
      throw invalid(src, "not a JSON object: " + e.getMessage());
    }
  }

  /** The draft 2020-12 meta-schema, from the copies vertx-json-schema ships on the classpath. */
  private static Validator metaSchemaValidator() {
    SchemaRepository repo = SchemaRepository.create(OPTIONS);
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

  private static void checkAgainstMetaSchema(Validator meta, Source src, JsonObject schema) {
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
      String at = pointer + "/" + encodePointerSegment(key);
      if ("pattern".equals(key) && value instanceof String regex) {
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("bad pattern at " + at + ": " + e.getDescription());
        }
      } else if (SCHEMA_MAP_KEYWORDS.contains(key) && value instanceof JsonObject map) {
        for (String sub : map.fieldNames()) {
          indexSubschemas(fileUri, at + "/" + encodePointerSegment(sub), map.getValue(sub), index);
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

  private static void checkRefs(Source src, String fileUri, String pointer, Object node, Map<String, JsonObject> index) {
    if (!(node instanceof JsonObject schema)) {
      return;
    }
    Object ref = schema.getValue("$ref");
    if (ref instanceof String r) {
      String target;
      try {
        target = new URI(fileUri).resolve(r).toString();
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw invalid(src, "bad $ref '" + r + "' at " + (pointer.isEmpty() ? "/" : pointer));
      }
      if (target.endsWith("#")) {
        target = target.substring(0, target.length() - 1);
      }
      if (!index.containsKey(target)) {
        throw invalid(src, "unresolved $ref '" + r + "' at " + (pointer.isEmpty() ? "/" : pointer)
          + " (no schema " + target + ")");
      }
    }
    for (String key : schema.fieldNames()) {
      Object value = schema.getValue(key);
      String at = pointer + "/" + encodePointerSegment(key);
      if (SCHEMA_MAP_KEYWORDS.contains(key) && value instanceof JsonObject map) {
        for (String sub : map.fieldNames()) {
          checkRefs(src, fileUri, at + "/" + encodePointerSegment(sub), map.getValue(sub), index);
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

  /** JSON-pointer escaping, then percent-encoding, the way the library spells locations. */
  private static String encodePointerSegment(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c == '~') {
        sb.append("~0");
      } else if (c == '/') {
        sb.append("~1");
      } else if (c < 0x80 && (Character.isLetterOrDigit(c) || ":?#@!$&'()*+,;=-._".indexOf(c) >= 0)) {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
          .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  private static String decodePointerSegment(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('~') < 0) {
      return s;
    }
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8).replace("~1", "/").replace("~0", "~");
  }

  // ---------------------------------------------------------------- violations (off the happy path)

  private SchemaViolation firstViolation(OutputUnit out, JsonObject body) {
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
      String keyword = decodePointerSegment(location.substring(slash + 1));
      if (WRAPPER_KEYWORDS.contains(keyword)) {
        continue;
      }
      JsonObject subschema = slash < 0 ? null : subschemas.get(stripEmptyFragment(location.substring(0, slash)));
      List<String> segments = instanceSegments(e.getInstanceLocation());
      if ("required".equals(keyword)) {
        String missing = quoted(e.getError());
        if (missing != null) {
          segments.add(missing);
        }
      }
      if (segments.size() < bestDepth) {
        bestDepth = segments.size();
        best = new SchemaViolation(fieldPath(segments, body), message(keyword, subschema, e));
      }
    }
    if (best == null) {
      OutputUnit e = errors.get(0);
      best = new SchemaViolation(fieldPath(instanceSegments(e.getInstanceLocation()), body), e.getError());
    }
    return best;
  }

  private static String stripEmptyFragment(String uri) {
    return uri.endsWith("#") ? uri.substring(0, uri.length() - 1) : uri;
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
      segments.add(decodePointerSegment(s));
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

  private static String quoted(String text) {
    if (text == null) {
      return null;
    }
    int a = text.indexOf('"');
    int b = text.lastIndexOf('"');
    return a >= 0 && b > a ? text.substring(a + 1, b) : null;
  }

  /** protovalidate-style text for one failed keyword; the subschema's x-message wins. */
  static String message(String keyword, JsonObject subschema, OutputUnit e) {
    if (subschema != null) {
      Object custom = subschema.getValue("x-message");
      if (custom instanceof String s) {
        return s;
      }
      if (custom instanceof JsonObject byKeyword && byKeyword.getValue(keyword) instanceof String s) {
        return s;
      }
    }
    Object arg = subschema == null ? null : subschema.getValue(keyword);
    switch (keyword) {
      case "required":
        return "value is required";
      case "type":
        return typeMessage(arg != null ? arg : expectedTypeFrom(e.getError()));
      case "exclusiveMinimum":
        return arg == null ? e.getError() : "must be greater than " + arg;
      case "minimum":
        return arg == null ? e.getError() : "must be greater than or equal to " + arg;
      case "exclusiveMaximum":
        return arg == null ? e.getError() : "must be less than " + arg;
      case "maximum":
        return arg == null ? e.getError() : "must be less than or equal to " + arg;
      case "maxLength":
        return arg == null ? e.getError() : "value length must be at most " + arg + " characters";
      case "minLength":
        return arg == null ? e.getError() : "value length must be at least " + arg + " characters";
      case "pattern":
        return arg == null ? e.getError() : "value does not match regex pattern `" + arg + "`";
      case "format":
        return formatMessage(arg != null ? String.valueOf(arg) : quoted(e.getError()));
      case "enum":
        if (arg instanceof JsonArray values) {
          List<String> items = new ArrayList<>(values.size());
          values.forEach(v -> items.add(String.valueOf(v)));
          return "value must be in list [" + String.join(", ", items) + "]";
        }
        return e.getError();
      case "const":
        return arg == null ? e.getError() : "value must equal " + arg;
      case "minItems":
        return arg == null ? e.getError() : "value must contain at least " + arg + " item(s)";
      case "maxItems":
        return arg == null ? e.getError() : "value must contain no more than " + arg + " item(s)";
      case "uniqueItems":
        return "repeated value must contain unique items";
      default:
        return e.getError();
    }
  }

  private static Object expectedTypeFrom(String error) {
    int i = error == null ? -1 : error.indexOf("Expected ");
    return i < 0 ? null : error.substring(i + "Expected ".length()).trim();
  }

  private static String typeMessage(Object type) {
    if (type instanceof JsonArray types) {
      List<String> names = new ArrayList<>(types.size());
      types.forEach(t -> names.add(String.valueOf(t)));
      return "value must be one of the types " + String.join(", ", names);
    }
    String t = String.valueOf(type);
    return switch (t) {
      case "boolean" -> "value must be a boolean";
      case "integer" -> "value must be an integer";
      case "number" -> "value must be a number";
      case "string" -> "value must be a string";
      case "object" -> "value must be an object";
      case "array" -> "value must be an array";
      case "null" -> "value must be null";
      default -> "value must be of type " + t;
    };
  }

  private static String formatMessage(String format) {
    if (format == null) {
      return "value has an invalid format";
    }
    return switch (format) {
      case "uri" -> "value must be a valid URI";
      case "uri-reference" -> "value must be a valid URI Reference";
      case "email" -> "value must be a valid email address";
      case "hostname" -> "value must be a valid hostname";
      case "ipv4" -> "value must be a valid IPv4 address";
      case "ipv6" -> "value must be a valid IPv6 address";
      case "uuid" -> "value must be a valid UUID";
      case "date-time" -> "value must be a valid RFC 3339 date-time";
      default -> "value must be a valid " + format;
    };
  }
}
