package io.roomgate.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where tenants of the admin API live: in this process ({@link LocalTenantStore}), or in Redis, shared by every node
 * ({@link RedisTenantStore}). Either way a write's future completes once <em>this</em> node applies the change to its
 * {@link TenantCatalog}; other nodes apply it when they hear of it.
 */
public interface TenantStore {
  /** What a change reaches, as the admin API's answers say: {@code process} or {@code cluster}. */
  String scope();

  /**
   * Creates or replaces the tenant, validated by {@link TenantCatalog#validate} from {@code body}; the future holds it
   * with its new version.
   */
  Future<ApiTenant> put(ApiTenant validated, JsonObject body);

  /** Deletes the tenant; the future holds whether it existed. */
  Future<Boolean> delete(String id);

  /** Loads what the store holds into the catalog (start-up); a no-op in process. */
  Future<Void> start();

  Future<Void> close();
}
