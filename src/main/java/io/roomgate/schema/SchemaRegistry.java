package io.roomgate.schema;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The request JSON Schemas (draft 2020-12), found, checked and compiled once at start; hands out one shared,
 * thread-safe {@link RequestValidator} per schema.
 *
 * <p>Schemas are the {@code *.json} files of the classpath folder {@code schemas/} (the build copies
 * {@code conf/schemas/} there); an optional override directory adds files or replaces them by file name
 * ({@link SchemaFiles}). A schema's name is its file name without {@code .json}; its URI is {@link #BASE_URI} +
 * file name, so one schema refers to another by a relative {@code $ref} such as {@code common.json#/$defs/room_id}.
 * At load every file must be JSON, valid against the 2020-12 meta-schema, have compilable {@code pattern}s and
 * resolvable {@code $ref}s; otherwise {@link IllegalStateException} naming the file ({@link SchemaChecker}).
 * Each schema is compiled twice: into {@link FastCheck}s ({@link FastCheckCompiler}), which accept the common
 * valid bodies in compiled Java, and with vertx-json-schema ({@link LibraryValidators}), which decides every other
 * body; the library's violations are rendered by {@link ViolationRenderer}.
 */
public final class SchemaRegistry {

  /** Base URI of the schema files; only an identifier, never fetched. */
  public static final String BASE_URI = "https://roomgate.io/schemas/";
  /** Classpath folder of the shipped schemas. */
  public static final String CLASSPATH_FOLDER = "schemas/";

  private final Map<String, RequestValidator> validators;

  private SchemaRegistry(Map<String, SchemaSource> sources) {
    CheckedSchemas checked = SchemaChecker.check(sources);
    LibraryValidators library = new LibraryValidators(checked,
        sources.values().stream().map(SchemaSource::origin).toList().toString());
    FastCheckCompiler fast = new FastCheckCompiler(checked);
    ViolationRenderer renderer = new ViolationRenderer(checked);
    Map<String, RequestValidator> byName = new LinkedHashMap<>();
    for (String name : checked.byName().keySet()) {
      byName.put(name, new CompiledValidator(name, fast.compile(name), library, renderer));
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
    return new SchemaRegistry(SchemaFiles.find(overrideDir));
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
}
