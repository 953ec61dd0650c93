package io.roomgate.schema;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

import java.util.Map;

/**
 * The checked schemas compiled with vertx-json-schema: the complete validator, and the source of every
 * violation's locations.
 *
 * <p><b>Threads.</b> A vertx-json-schema {@link Validator} is <em>not</em> safe for concurrent use: while
 * validating it lazily rewrites its schema tree ({@code Utils.Schemas.wrap} puts a {@code JsonObjectSchema}
 * back into the parent schema's map for {@code items}, {@code additionalProperties}, {@code not}, ...), an
 * unsynchronised write into a shared {@code LinkedHashMap}. So each thread that validates gets its own
 * compiled copy of every schema (a {@link ThreadLocal}, built once per thread: the event loops, a few
 * milliseconds each). Do not validate on virtual threads: each would compile its own copy.
 *
 * <p><b>Formats are assertions.</b> vertx-json-schema 5 checks {@code format} (uri, email, date-time, ...)
 * on every draft, not only as an annotation; there is no switch to turn that off, and we need it on.
 */
final class LibraryValidators {

  static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
    .setDraft(Draft.DRAFT202012)
    .setBaseUri(SchemaRegistry.BASE_URI)
    // Basic: a flat error list with instance and keyword locations. On a valid body it costs the same
    // as Flag (the traversal is identical); on an invalid one it gives us the locations we report.
    .setOutputFormat(OutputFormat.Basic);

  private final Map<String, JsonObject> schemas; // name -> pristine schema, copied for the library
  private final String[] names;                  // validator i validates names[i]
  private final ThreadLocal<Validator[]> perThread;

  /**
   * Compiles every schema once on the calling thread and runs each once, so a library-level problem shows now
   * rather than on the first request.
   *
   * @throws IllegalStateException when the library refuses a schema
   */
  LibraryValidators(CheckedSchemas checked, String origins) {
    this.schemas = checked.byName();
    this.names = schemas.keySet().toArray(new String[0]);
    Validator[] first;
    try {
      first = compile();
      for (Validator v : first) {
        v.validate(new JsonObject());
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("invalid JSON Schemas in " + origins + ": " + e.getMessage(), e);
    }
    this.perThread = ThreadLocal.withInitial(this::compile);
    this.perThread.set(first);
  }

  /** The index of the schema named {@code name} for {@link #validate}, or -1. */
  int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Validates {@code body} (not modified) against schema {@code index}, on this thread's compiled copy. */
  OutputUnit validate(int index, JsonObject body) {
    return perThread.get()[index].validate(body);
  }

  /** One compiled copy of every schema, for the calling thread. */
  private Validator[] compile() {
    SchemaRepository repo = SchemaRepository.create(OPTIONS);
    for (Map.Entry<String, JsonObject> e : schemas.entrySet()) {
      // copy(): the library annotates and rewrites the tree it is given
      repo.dereference(SchemaFiles.uri(e.getKey()), JsonSchema.of(e.getValue().copy()));
    }
    Validator[] compiled = new Validator[names.length];
    for (int i = 0; i < names.length; i++) {
      compiled[i] = repo.validator(SchemaFiles.uri(names[i]));
    }
    return compiled;
  }
}
