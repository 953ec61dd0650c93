package io.roomgate.admin;

import io.roomgate.config.ConfigException;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.GatewayConfig;
import io.roomgate.config.TenantConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Admin API tenants that name a plan, across reloads of the file: they follow their plan's changes, and a reload that
 * takes their plan away is refused whole (nothing of it applies), with the key-named reason, and counted.
 */
class TenantCatalogPlansTest {
  private static final String LIVEKIT = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n";
  private static final String TENANTS = """
      tenants:
        - id: demo
          plugnmeet: {api_key: pk, api_secret: ps-0123456789abcdef}
      """;

  /** What the registry would serve, as the catalog installs it. */
  private final Map<String, TenantConfig> served = new LinkedHashMap<>();
  private final TenantCatalog.Installer installer = new TenantCatalog.Installer() {
    @Override
    public void replace(List<TenantConfig> all) {
      served.clear();
      all.forEach(t -> served.put(t.id(), t));
    }

    @Override
    public void upsert(TenantConfig tenant) {
      served.put(tenant.id(), tenant);
    }

    @Override
    public void remove(String id) {
      served.remove(id);
    }
  };

  private static GatewayConfig file(String plans, String extraTenant) {
    return ConfigLoader.parse(LIVEKIT + plans + TENANTS + extraTenant);
  }

  private static Map<String, Object> entry(String plan) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", "acme"); // the id the entry is written under (the admin API puts it in)
    e.put("plan", plan);
    e.put("plugnmeet", Map.of("api_key", "acme-key", "api_secret", "acme-secret-0123456789"));
    return e;
  }

  @Test
  void aPlanNamedByAnApiTenantFollowsReloadsAndCannotBeTakenAway() {
    GatewayConfig start = file("plans: {gold: {qps: 100}}\n", "");
    TenantCatalog catalog = new TenantCatalog(start.tenants(), start.plans(), installer);
    catalog.apply(catalog.validate("acme", entry("gold")).withVersion(1));
    assertEquals(100, served.get("acme").rateLimit().qps());
    assertEquals("gold", served.get("acme").rateLimit().plan());

    // the plan changes in the file: the API tenant takes its new limits with the reload
    GatewayConfig raised = file("plans: {gold: {qps: 300}}\n", "");
    catalog.fileTenants(raised.tenants(), raised.plans());
    assertEquals(300, served.get("acme").rateLimit().qps());
    assertEquals(300, catalog.apiTenant("acme").config().rateLimit().qps());

    // the plan is gone from the file: the whole reload is refused, nothing of it applies
    GatewayConfig gone = file("plans: {silver: {qps: 10}}\n", """
          - id: newcomer
            plugnmeet: {api_key: nk, api_secret: ns-0123456789abcdef}
        """);
    ConfigException refused = assertThrows(ConfigException.class,
        () -> catalog.fileTenants(gone.tenants(), gone.plans()));
    assertEquals("tenants[acme].plan: no such plan 'gold' under plans; that tenant is the admin API's: move it to "
        + "another plan (PUT /admin/tenants/acme) before the file takes its plan away or changes it so",
        refused.getMessage());
    assertEquals(1, catalog.refusedReloads());
    assertNull(served.get("newcomer"), "nothing of a refused reload applies");
    assertEquals(300, served.get("acme").rateLimit().qps());
    assertEquals(List.of("demo", "acme"), List.copyOf(served.keySet()));
    // and a new API write cannot name a plan the (running) file does not have
    assertEquals("tenants[acme].plan: no such plan 'silver' under plans",
        assertThrows(ConfigException.class, () -> catalog.validate("acme", entry("silver"))).getMessage());

    // moved to another plan first (a plan the new file has too), the same reload goes through
    GatewayConfig both = file("plans: {gold: {qps: 300}, silver: {qps: 10}}\n", "");
    catalog.fileTenants(both.tenants(), both.plans());
    catalog.apply(catalog.validate("acme", entry("silver")).withVersion(2));
    catalog.fileTenants(gone.tenants(), gone.plans());
    assertEquals(10, served.get("acme").rateLimit().qps());
    assertEquals(List.of("demo", "newcomer", "acme"), List.copyOf(served.keySet()));
    assertEquals(1, catalog.refusedReloads());
  }

  @Test
  void aStoredEntryNamingAPlanThisNodesFileLacksIsInvalidHere() {
    GatewayConfig start = file("", "");
    TenantCatalog catalog = new TenantCatalog(start.tenants(), start.plans(), installer);
    assertEquals("tenants[acme].plan: no such plan 'gold' under plans",
        assertThrows(ConfigException.class, () -> catalog.parse("acme", entry("gold"), 7)).getMessage());
  }

  @Test
  void aTenantResolvedBeforeAReloadIsAppliedOnTheNewPlans() {
    GatewayConfig start = file("plans: {gold: {qps: 100}}\n", "");
    TenantCatalog catalog = new TenantCatalog(start.tenants(), start.plans(), installer);
    ApiTenant early = catalog.parse("acme", entry("gold"), 3); // e.g. a snapshot parsed while the file reloads
    GatewayConfig raised = file("plans: {gold: {qps: 300}}\n", "");
    catalog.fileTenants(raised.tenants(), raised.plans());
    catalog.apply(early);
    assertEquals(300, served.get("acme").rateLimit().qps());
  }

  /**
   * Limits on an API no dialect serves would limit nothing: the file is refused at start and on reload (nothing of
   * the reload applies), whether a tenant or a plan names it, and an API tenant naming one is refused too.
   */
  @Test
  void limitsMayNameOnlyApisADialectServes() {
    GatewayConfig typo = file("", "  - id: typo\n    rate_limit: {costs: {fetchPastRoom: 2}}\n"
        + "    plugnmeet: {api_key: tk, api_secret: ts-0123456789abcdef}\n");
    ConfigException atStart = assertThrows(ConfigException.class,
        () -> new TenantCatalog(typo.tenants(), typo.plans(), installer));
    assertEquals("tenants[typo].rate_limit.costs.fetchPastRoom: no such API; the APIs are create, create_room, "
        + "destroy_room, endRoom, fetchPastRooms, getActiveRoomInfo, getActiveRoomsInfo, getJoinToken, "
        + "get_room_info, get_room_list, isRoomActive, update_room_info", atStart.getMessage());

    GatewayConfig start = file("plans: {gold: {qps: 100, apis: {get_room_list: {qps: 5}}}}\n", "");
    TenantCatalog catalog = new TenantCatalog(start.tenants(), start.plans(), installer);
    catalog.fileTenants(start.tenants(), start.plans());
    assertEquals(List.of("demo"), List.copyOf(served.keySet()));
    assertEquals("tenants[typo].rate_limit.costs.fetchPastRoom",
        assertThrows(ConfigException.class, () -> catalog.fileTenants(typo.tenants(), typo.plans()))
            .getMessage().split(": ")[0]);
    GatewayConfig badPlan = file("plans: {gold: {qps: 100, apis: {get_room_lst: {qps: 5}}}}\n", "");
    assertEquals("plans.gold.apis.get_room_lst",
        assertThrows(ConfigException.class, () -> catalog.fileTenants(badPlan.tenants(), badPlan.plans()))
            .getMessage().split(": ")[0]);
    assertEquals(List.of("demo"), List.copyOf(served.keySet()), "neither reload applied");

    Map<String, Object> entry = entry("gold");
    entry.put("rate_limit", Map.of("apis", Map.of("isRoomActiv", Map.of("qps", 1))));
    assertEquals("tenants[acme].rate_limit.apis.isRoomActiv",
        assertThrows(ConfigException.class, () -> catalog.validate("acme", entry)).getMessage().split(": ")[0]);
    catalog.apply(catalog.validate("acme", entry("gold")).withVersion(1));
    assertEquals(List.of("demo", "acme"), List.copyOf(served.keySet()));
    assertEquals(5, served.get("acme").rateLimit().perApi().get("get_room_list").qps());
  }
}
