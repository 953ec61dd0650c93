package io.roomgate.tenant;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.config.TenantConfig;
import io.roomgate.time.GatewayClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** One tenant at a time (the admin API): upsert and remove in place, credentials only where they still point. */
class TenantRegistryTest {
  private static TenantConfig tenant(String id, String key, Long app) {
    return ConfigBuilders.tenant(id, ConfigBuilders.rateLimit(10, 10, Map.of()),
        key == null ? null : ConfigBuilders.plugNmeet(key, "secret-0123456789abcdef"),
        app == null ? null : ConfigBuilders.tencent(app, "secret-0123456789abcdef", List.of("admin")));
  }

  @Test
  void upsertMovesCredentialsAndRemoveDropsOnlyItsOwn() {
    TenantRegistry r = new TenantRegistry(List.of(tenant("file", "file-key", 1L)), GatewayClock.SYSTEM);
    r.upsert(tenant("api", "k1", 2L));
    assertEquals("api", r.byPlugNmeetKey("k1").id());
    assertEquals("api", r.bySdkAppId(2L).id());
    r.upsert(tenant("api", "k2", null)); // new key, no Tencent any more
    assertNull(r.byPlugNmeetKey("k1"));
    assertNull(r.bySdkAppId(2L));
    assertEquals("api", r.byPlugNmeetKey("k2").id());
    // k2 moves to another tenant before its old owner goes: removing the old one leaves the new mapping alone
    r.upsert(tenant("other", "k2", null));
    r.remove("api");
    assertEquals("other", r.byPlugNmeetKey("k2").id());
    assertNull(r.byId("api"));
    assertEquals("file", r.byPlugNmeetKey("file-key").id(), "file tenants untouched");
    assertEquals(2, r.all().size());
  }

  @Test
  void anUnchangedUpsertKeepsTheObject() {
    TenantRegistry r = new TenantRegistry(List.of(), GatewayClock.SYSTEM);
    r.upsert(tenant("api", "k1", null));
    Tenant before = r.byId("api");
    r.upsert(tenant("api", "k1", null));
    assertSame(before, r.byId("api"));
  }
}
