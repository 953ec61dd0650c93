package io.roomgate.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Admin-API tenants of one process (no Redis): a change applies here at once and nowhere else. */
public final class LocalTenantStore implements TenantStore {
  private final TenantCatalog catalog;
  private long version;

  public LocalTenantStore(TenantCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String scope() {
    return "process";
  }

  @Override
  public synchronized Future<ApiTenant> put(ApiTenant validated, JsonObject body) {
    ApiTenant t = validated.withVersion(++version);
    catalog.apply(t);
    return Future.succeededFuture(t);
  }

  @Override
  public synchronized Future<Boolean> delete(String id) {
    return Future.succeededFuture(catalog.remove(id, ++version));
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
