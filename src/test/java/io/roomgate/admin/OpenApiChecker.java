package io.roomgate.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks real admin answers against the OpenAPI 3.1 document the gateway serves: the answer's status must be
 * documented for that path and method, with an {@code application/json} schema its body validates against
 * (JSON Schema 2020-12, as OpenAPI 3.1 says). {@code $ref}s inside the document are resolved here.
 */
final class OpenApiChecker {
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
      .setBaseUri("https://roomgate.test/").setOutputFormat(OutputFormat.Basic);

  private final JsonObject doc;
  private int checked;

  OpenApiChecker(JsonObject doc) {
    assertEquals("3.1.0", doc.getString("openapi"));
    this.doc = doc;
  }

  /** How many answers were checked. */
  int checked() {
    return checked;
  }

  /** @param pathTemplate as in the document, e.g. {@code /admin/tenants/{id}} */
  void check(String pathTemplate, String method, int status, JsonObject body) {
    JsonObject op = doc.getJsonObject("paths").getJsonObject(pathTemplate, new JsonObject())
        .getJsonObject(method.toLowerCase());
    assertNotNull(op, method + " " + pathTemplate + " is not in the document");
    JsonObject response = op.getJsonObject("responses").getJsonObject(Integer.toString(status));
    assertNotNull(response, "status " + status + " of " + method + " " + pathTemplate + " is not documented");
    JsonObject schema = resolve(response).getJsonObject("content").getJsonObject("application/json")
        .getJsonObject("schema");
    Object inlined = inline(schema);
    OutputUnit out = Validator.create(JsonSchema.of((JsonObject) inlined), OPTIONS).validate(body);
    assertTrue(out.getValid(), method + " " + pathTemplate + " " + status + " answer " + body.encode()
        + " does not match the document: " + out.getErrors());
    checked++;
  }

  private JsonObject resolve(JsonObject o) {
    String ref = o.getString("$ref");
    if (ref == null) {
      return o;
    }
    JsonObject target = doc;
    for (String part : ref.substring(2).split("/")) {
      target = target.getJsonObject(part);
      assertNotNull(target, "dangling $ref " + ref);
    }
    return resolve(target);
  }

  /** A copy with every {@code $ref} replaced by what it points at. */
  private Object inline(Object node) {
    if (node instanceof JsonObject o) {
      if (o.containsKey("$ref")) {
        return inline(resolve(o));
      }
      JsonObject out = new JsonObject();
      for (Map.Entry<String, Object> e : o) {
        out.put(e.getKey(), inline(e.getValue()));
      }
      return out;
    }
    if (node instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(x -> out.add(inline(x)));
      return out;
    }
    return node;
  }
}
