package io.roomgate.admin;

import io.roomgate.config.TenantConfig;

/**
 * A tenant written through the admin API: its validated configuration and its version (the body it was written with
 * lives only in the store, where other nodes validate it again).
 *
 * @param version increases with every write of any API tenant (one counter, so a node can tell what it missed)
 */
record ApiTenant(TenantConfig config, long version) {
  String id() {
    return config.id();
  }

  @Override
  public String toString() {
    return "ApiTenant[" + config.id() + " v" + version + "]";
  }
}
