package io.roomgate.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomgate.config.AdminConfig;
import io.roomgate.config.ConfigException;
import io.roomgate.config.ConfigLoader;
import io.roomgate.http.JsonBodies;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API, a sub-router mounted at {@code /admin} on the management listener ({@link #mount}):
 * <pre>
 *   PUT    /admin/tenants/{id}          create or replace an API tenant (body: a tenants[] entry as JSON)
 *   GET    /admin/tenants/{id}          one tenant, file or API, without secrets
 *   GET    /admin/tenants?cursor=&limit= every tenant in id order, paged
 *   DELETE /admin/tenants/{id}          delete an API tenant
 *   GET    /admin/openapi.json          the OpenAPI 3.1 description of all of this
 * </pre>
 * {@link AdminAuthHandler} runs first on every route of {@link #router()}, including routes other parts add to it
 * later (read = GET/HEAD, write = the rest).
 */
public final class AdminApi {
  public static final String MOUNT = "/admin";
  /** A tenant entry is a few hundred bytes; this leaves room for many per-API limits and admins. */
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1000;

  private final Router router;
  private final TenantCatalog catalog;
  private final TenantStore store;
  private final AdminAuthHandler auth;
  private final AdminMetrics metrics;
  private final AuditLog audit;
  private final Buffer openApi;

  public AdminApi(Vertx vertx, AdminConfig config, TenantCatalog catalog, TenantStore store, MeterRegistry registry,
                  Clock clock) {
    this.catalog = catalog;
    this.store = store;
    this.metrics = new AdminMetrics(registry, catalog);
    this.auth = new AdminAuthHandler(config, metrics);
    this.audit = new AuditLog(clock);
    this.openApi = Buffer.buffer(readResource("/admin/openapi.json"));
    this.router = Router.router(vertx);
    router.route().handler(auth);
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end(openApi));
    router.get("/tenants").handler(this::list);
    router.get("/tenants/:id").handler(this::get);
    router.put("/tenants/:id").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::put);
    router.delete("/tenants/:id").handler(this::delete);
    router.route().failureHandler(this::failure);
  }

  /**
   * The admin sub-router: add routes to it to put them behind the admin tokens, e.g.
   * {@code api.router().get("/tenants/:id/usage").handler(usage)}.
   */
  public Router router() {
    return router;
  }

  /** Mounts {@link #router()} at {@link #MOUNT} on the management listener's router. */
  public void mount(Router management) {
    management.route(MOUNT + "/*").subRouter(router);
  }

  /** Installs a reloaded {@code admin.tokens}. */
  public void tokens(AdminConfig config) {
    auth.tokens(config);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    TenantCatalog.Entry e = catalog.get(id);
    if (e == null) {
      AdminResponses.error(ctx, 404, notFound(id));
      return;
    }
    AdminResponses.json(ctx, 200, TenantViews.view(e));
  }

  private void list(RoutingContext ctx) {
    String cursor = ctx.queryParams().get("cursor");
    String limitText = ctx.queryParams().get("limit");
    int limit = DEFAULT_PAGE;
    if (limitText != null && !limitText.isEmpty()) {
      limit = parseLimit(limitText);
      if (limit < 0) {
        AdminResponses.error(ctx, 400, "limit: must be a whole number from 1 to " + MAX_PAGE);
        return;
      }
    }
    if (cursor != null && cursor.isEmpty()) {
      cursor = null;
    }
    if (cursor != null) {
      try {
        ConfigLoader.checkTenantId("cursor", cursor);
      } catch (ConfigException e) {
        AdminResponses.error(ctx, 400, "cursor: must be the next_cursor of a previous page");
        return;
      }
    }
    List<TenantCatalog.Entry> page = catalog.page(cursor, limit);
    JsonArray items = new JsonArray(new ArrayList<>(page.size()));
    page.forEach(e -> items.add(TenantViews.view(e)));
    String next = page.size() == limit && !catalog.page(page.get(page.size() - 1).config().id(), 1).isEmpty()
        ? page.get(page.size() - 1).config().id() : null;
    AdminResponses.json(ctx, 200, new JsonObject().put("tenants", items).put("next_cursor", next));
  }

  private static int parseLimit(String s) {
    if (s.length() > 4 || !s.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int n = Integer.parseInt(s);
    return n >= 1 && n <= MAX_PAGE ? n : -1;
  }

  private void put(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject body;
    try {
      body = JsonBodies.object(ctx.body().buffer()); // the dialects' strict reader: one object, nothing after it
    } catch (DecodeException e) {
      body = null;
    }
    if (body == null) {
      metrics.change("put", "invalid");
      AdminResponses.error(ctx, 400, "(body): must be a JSON object, a tenants[] entry of the configuration");
      return;
    }
    ApiTenant validated;
    try {
      validated = catalog.validate(id, plainMap(body));
    } catch (TenantCatalog.FileTenantException e) {
      metrics.change("put", "refused");
      AdminResponses.error(ctx, 409, e.getMessage());
      return;
    } catch (ConfigException e) {
      metrics.change("put", "invalid");
      AdminResponses.error(ctx, 400, e.getMessage());
      return;
    }
    boolean existed = catalog.apiTenant(id) != null;
    body.put("id", id);
    store.put(validated, body).onComplete(ar -> {
      if (ar.failed()) {
        metrics.change("put", "failed");
        AdminResponses.error(ctx, 503, "the tenant store did not take the change: " + ar.cause().getMessage());
        return;
      }
      String result = existed ? "replaced" : "created";
      metrics.change("put", result);
      audit.change(AdminAuthHandler.caller(ctx).name(), "put", id, result, ar.result().version(), store.scope());
      TenantCatalog.Entry e = new TenantCatalog.Entry(ar.result().config(), TenantCatalog.Source.API,
          ar.result().version());
      AdminResponses.json(ctx, existed ? 200 : 201, new JsonObject().put("result", result)
          .put("applied_to", store.scope()).put("tenant", TenantViews.view(e)));
    });
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    try {
      ConfigLoader.checkTenantId("id", id);
    } catch (ConfigException e) {
      AdminResponses.error(ctx, 404, notFound(id));
      return;
    }
    if (catalog.isFileTenant(id)) {
      metrics.change("delete", "refused");
      AdminResponses.error(ctx, 409, new TenantCatalog.FileTenantException(id).getMessage());
      return;
    }
    store.delete(id).onComplete(ar -> {
      if (ar.failed()) {
        metrics.change("delete", "failed");
        AdminResponses.error(ctx, 503, "the tenant store did not take the change: " + ar.cause().getMessage());
        return;
      }
      if (!ar.result()) {
        metrics.change("delete", "not_found");
        AdminResponses.error(ctx, 404, notFound(id));
        return;
      }
      metrics.change("delete", "deleted");
      audit.change(AdminAuthHandler.caller(ctx).name(), "delete", id, "deleted", 0, store.scope());
      AdminResponses.json(ctx, 200, new JsonObject().put("result", "deleted").put("applied_to", store.scope())
          .put("id", id));
    });
  }

  /** The path's id is echoed only when it is a valid id (never raw caller input in an answer). */
  private static String notFound(String id) {
    boolean valid;
    try {
      ConfigLoader.checkTenantId("id", id);
      valid = true;
    } catch (ConfigException e) {
      valid = false;
    }
    return valid ? "tenant '" + id + "' not found" : "tenant not found";
  }

  /** A 413 from the body handler, or anything else that failed: JSON in the admin API's shape, no stack trace. */
  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    AdminResponses.error(ctx, status, status == 413 ? "(body): larger than " + MAX_BODY_BYTES + " bytes"
        : status == 500 ? "internal error" : "request failed");
  }

  /** Vert.x keeps nested objects as JsonObject/JsonArray or as maps/lists: the loader reads plain maps and lists. */
  static Map<String, Object> plainMap(JsonObject o) {
    Map<String, Object> out = new LinkedHashMap<>();
    o.forEach(e -> out.put(e.getKey(), plain(e.getValue())));
    return out;
  }

  private static Object plain(Object v) {
    if (v instanceof JsonObject o) {
      return plainMap(o);
    }
    if (v instanceof Map<?, ?> m) {
      return plainMap(new JsonObject(new LinkedHashMap<>(castMap(m))));
    }
    if (v instanceof JsonArray a) {
      List<Object> out = new ArrayList<>(a.size());
      a.forEach(x -> out.add(plain(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(plain(x)));
      return out;
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static byte[] readResource(String name) {
    try (InputStream in = AdminApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the jar");
      }
      return in.readAllBytes(); // once, at start-up
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }
}
