package io.roomgate.admin;

import io.roomgate.config.TenantConfig;
import io.vertx.core.json.JsonObject;

/**
 * A tenant written through the admin API: its validated configuration, the body it was written with (kept to be
 * stored and re-validated on other nodes; it holds secrets and is never answered) and its version.
 *
 * @param version increases with every write of any API tenant (one counter, so a node can tell what it missed)
 */
record ApiTenant(TenantConfig config, JsonObject body, long version) {
  String id() {
    return config.id();
  }

  @Override
  public String toString() {
    return "ApiTenant[" + config.id() + " v" + version + "]";
  }
}
