package io.roomgate.config;

import io.roomgate.config.RateLimitConfig.Mode;
import io.roomgate.config.RateLimitConfig.OnRedisError;
import io.roomgate.config.RateLimitConfig.Quota;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every non-default key of {@code rate_limit} (and of a {@code plan}) survives into the loaded tenant, whichever
 * dialects the tenant has credentials for. Adding Tencent's {@code get_room_list} default once rebuilt a Tencent
 * tenant's limit with a constructor that filled in defaults, so {@code on_redis_error: closed} became {@code local}.
 */
class TenantLimitKeysTest {
  private static final String LIVEKIT = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n";
  private static final String PLAN = """
      plans:
        gold:
          qps: 50
          burst: 60
          on_redis_error: closed
          mode: shadow
          quotas: [{name: day, limit: 5000, window_seconds: 86400}]
          costs: {create: 4}
          apis: {create: {qps: 5, burst: 6}}
      """;

  /** Which dialects a tenant speaks. */
  enum Credentials {
    PLUGNMEET("plugnmeet: {api_key: pk, api_secret: plugnmeet-secret-0123}"),
    TENCENT("tencent: {sdkappid: 1400000001, secret_key: tencent-secret-0123, admins: [admin]}"),
    BOTH(PLUGNMEET.yaml + "\n    " + TENCENT.yaml);

    final String yaml;

    Credentials(String yaml) {
      this.yaml = yaml;
    }

    boolean tencent() {
      return this != PLUGNMEET;
    }
  }

  /**
   * One non-default setting.
   *
   * @param plans  the {@code plans} section it needs, or empty
   * @param lines  the tenant's lines that set it
   * @param check  asserts it arrived
   */
  record Setting(String name, String plans, String lines, Consumer<RateLimitConfig> check) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Setting> settings() {
    Quota day = new Quota("day", 5000, 86_400);
    return List.of(
        new Setting("qps", "", "rate_limit: {qps: 70}", rl -> {
          assertEquals(70, rl.qps());
          assertEquals(70, rl.burst(), "burst defaults to the qps");
        }),
        new Setting("burst", "", "rate_limit: {burst: 900}", rl -> {
          assertEquals(RateLimitConfig.DEFAULT_QPS, rl.qps());
          assertEquals(900, rl.burst());
        }),
        new Setting("on_redis_error open", "", "rate_limit: {on_redis_error: open}",
            rl -> assertPolicyEverywhere(OnRedisError.OPEN, rl)),
        new Setting("on_redis_error closed", "", "rate_limit: {on_redis_error: closed}",
            rl -> assertPolicyEverywhere(OnRedisError.CLOSED, rl)),
        new Setting("mode", "", "rate_limit: {mode: shadow}", rl -> {
          assertEquals(Mode.SHADOW, rl.mode());
          assertTrue(rl.shadow());
        }),
        new Setting("quotas", "", "rate_limit: {quotas: [{name: day, limit: 5000, window_seconds: 86400}]}",
            rl -> assertEquals(List.of(day), rl.quotas())),
        new Setting("costs", "", "rate_limit: {costs: {create: 3}}", rl -> {
          assertEquals(Map.of("create", 3L), rl.costs());
          assertEquals(3, rl.cost("create"));
        }),
        new Setting("apis", "", "rate_limit: {apis: {create: {qps: 5, burst: 6}}}", rl -> {
          assertEquals(5, rl.forApi("create").qps());
          assertEquals(6, rl.forApi("create").burst());
        }),
        new Setting("apis get_room_list", "", "rate_limit: {apis: {get_room_list: {qps: 3}}}", rl -> {
          assertEquals(3, rl.forApi("get_room_list").qps(), "a configured limit wins over Tencent's default");
          assertEquals(3, rl.forApi("get_room_list").burst());
        }),
        new Setting("plan", PLAN, "plan: gold", rl -> {
          assertEquals("gold", rl.plan());
          assertEquals(50, rl.qps());
          assertEquals(60, rl.burst());
          assertPolicyEverywhere(OnRedisError.CLOSED, rl);
          assertEquals(Mode.SHADOW, rl.mode());
          assertEquals(List.of(day), rl.quotas());
          assertEquals(4, rl.cost("create"));
          assertEquals(5, rl.forApi("create").qps());
          assertEquals(6, rl.forApi("create").burst());
        }),
        new Setting("every key at once", "", "rate_limit: {qps: 70, burst: 90, on_redis_error: closed, mode: shadow, "
            + "quotas: [{name: day, limit: 5000, window_seconds: 86400}], costs: {create: 3}, "
            + "apis: {create: {qps: 5, burst: 6}}}", rl -> {
          assertEquals(70, rl.qps());
          assertEquals(90, rl.burst());
          assertPolicyEverywhere(OnRedisError.CLOSED, rl);
          assertEquals(Mode.SHADOW, rl.mode());
          assertEquals(List.of(day), rl.quotas());
          assertEquals(3, rl.cost("create"));
          assertEquals(5, rl.forApi("create").qps());
          assertEquals(6, rl.forApi("create").burst());
          assertNull(rl.plan());
        }));
  }

  static Stream<Arguments> everyCredentialsWithEverySetting() {
    List<Arguments> out = new ArrayList<>();
    for (Credentials c : Credentials.values()) {
      for (Setting s : settings()) {
        out.add(Arguments.of(c, s));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("everyCredentialsWithEverySetting")
  void theSettingSurvivesIntoTheLoadedTenant(Credentials credentials, Setting setting) {
    String entry = "  - id: demo\n    " + setting.lines() + "\n    " + credentials.yaml + "\n";
    GatewayConfig file = ConfigLoader.parse(LIVEKIT + setting.plans() + "tenants:\n" + entry);
    assertLoaded(credentials, setting, file.tenants().get(0).rateLimit());
    // the same entry through the admin API's path, against the file's plans
    List<Map<?, ?>> entries = new Yaml().load(entry);
    assertLoaded(credentials, setting, ConfigLoader.tenant("demo", entries.get(0), file.plans()).rateLimit());
  }

  private static void assertLoaded(Credentials credentials, Setting setting, RateLimitConfig rl) {
    setting.check().accept(rl);
    boolean ownRoomList = setting.lines().contains("get_room_list");
    assertEquals(credentials.tencent() || ownRoomList, rl.perApi().containsKey("get_room_list"),
        "Tencent tenants get the get_room_list limit");
    if (credentials.tencent() && !ownRoomList) {
      assertEquals(ConfigLoader.TENCENT_ROOM_LIST_QPS, rl.forApi("get_room_list").qps());
    }
  }

  /** The tenant's failure policy holds for its own bucket and every per-API one. */
  private static void assertPolicyEverywhere(OnRedisError policy, RateLimitConfig rl) {
    assertEquals(policy, rl.onRedisError());
    rl.perApi().forEach((api, limit) -> assertEquals(policy, limit.onRedisError(), "apis." + api));
  }
}
