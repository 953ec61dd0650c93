package io.roomgate.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration into immutable records and validates it. Every error names the key
 * ({@link ConfigException}); unknown keys are errors too.
 */
public final class ConfigLoader {
  /** Ids starting with {@code _} are the gateway's own (its warm-up tenant), never a configured one. */
  private static final Pattern TENANT_ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");
  private static final long MAX_PORT = 65535;
  private static final int MIN_SECRET_CHARS = 32;
  /** Tenant secrets (plugNmeet HMAC secret, Tencent UserSig key): shorter ones are guessable offline. */
  static final int MIN_TENANT_SECRET_CHARS = 16;
  private static final String PREVIOUS_EXPIRES_AT = "previous_expires_at";
  /** Year 9999: a previous secret's expiry beyond it is a unit mistake (milliseconds), not a plan. */
  private static final long MAX_UNIX_SECONDS = 253_402_300_799L;
  /** Tencent's {@code get_room_list} limit, 10 queries/s per app (spec/tencent-live-room.md §4). */
  static final String TENCENT_ROOM_LIST = "get_room_list";
  static final long TENCENT_ROOM_LIST_QPS = 10;

  private ConfigLoader() {
  }

  public static GatewayConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text);
  }

  public static GatewayConfig parse(String yamlText) {
    return parse(yamlText, System::getenv);
  }

  /** @param env where {@code ${ENV_NAME}} references are looked up (see {@link ValueReferences}) */
  static GatewayConfig parse(String yamlText, java.util.function.Function<String, String> env) {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
    } catch (YAMLException e) {
      throw new ConfigException("(document)", "not valid YAML: " + e.getMessage());
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException("(document)", "must be a YAML mapping");
    }
    ConfigNode root = new ConfigNode("", (Map<?, ?>) new ValueReferences(env).resolve(map));
    Map<String, RateLimitSpec> plans = plans(root);
    GatewayConfig config = new GatewayConfig(
        server(root.child("server")),
        management(root.child("management")),
        root.has("redis") ? redis(root.child("redis")) : null,
        livekit(root.child("livekit")),
        webhooks(root.child("webhooks")),
        limiter(root.child("rate_limit")),
        tenants(root, plans),
        metrics(root.child("metrics")),
        accessLog(root.child("access_log")),
        admin(root.child("admin")),
        new TenantPlans(plans));
    root.rejectUnknownKeys();
    return config;
  }

  private static ServerConfig server(ConfigNode n) {
    int cores = Runtime.getRuntime().availableProcessors();
    ServerConfig c = n.build(() -> new ServerConfig(
        n.string("host", ServerConfig.DEFAULT_HOST),
        (int) n.number("port", ServerConfig.DEFAULT_PORT, 0, MAX_PORT),
        n.number("max_body_bytes", ServerConfig.DEFAULT_MAX_BODY_BYTES, 64, 64L * 1024 * 1024),
        (int) n.number("event_loops", cores, 1, 256),
        n.number("warmup_seconds", ServerConfig.DEFAULT_WARMUP_SECONDS, 0, 120),
        n.number("drain_seconds", ServerConfig.DEFAULT_DRAIN_SECONDS, 0, 300),
        new ConnectionLimits(
            n.number("header_timeout_ms", ConnectionLimits.DEFAULT_HEADER_TIMEOUT_MS, 100, 3_600_000),
            n.number("body_timeout_ms", ConnectionLimits.DEFAULT_BODY_TIMEOUT_MS, 100, 3_600_000),
            (int) n.number("idle_timeout_seconds", ConnectionLimits.DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 3600),
            (int) n.number("max_connections", ConnectionLimits.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000)),
        cidrs(n, "trusted_proxies"),
        n.bool("proxy_protocol", false),
        tls(n)));
    n.rejectUnknownKeys();
    return c;
  }

  /** {@code <listener>.tls: {cert_file, key_file, ca_file?}}, or null; the files must be readable now. */
  private static TlsConfig tls(ConfigNode listener) {
    if (!listener.has("tls")) {
      return null;
    }
    ConfigNode n = listener.child("tls");
    TlsConfig c = n.build(() -> new TlsConfig(readableFile(n, "cert_file", true), readableFile(n, "key_file", true),
        readableFile(n, "ca_file", false)));
    n.rejectUnknownKeys();
    return c;
  }

  private static String readableFile(ConfigNode n, String key, boolean required) {
    String path = required ? n.requiredString(key) : n.string(key, null);
    if (path != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(path))) {
      throw new ConfigException(n.path(key), "cannot read " + path);
    }
    return path;
  }

  private static ManagementConfig management(ConfigNode n) {
    ManagementConfig c = n.build(() -> new ManagementConfig(n.string("host", ManagementConfig.DEFAULT_HOST),
        (int) n.number("port", ManagementConfig.DEFAULT_PORT, 0, MAX_PORT), tls(n)));
    n.rejectUnknownKeys();
    return c;
  }

  private static MetricsConfig metrics(ConfigNode n) {
    MetricsConfig d = MetricsConfig.DEFAULTS;
    MetricsConfig c = n.build(() -> new MetricsConfig(n.bool("enabled", d.enabled()),
        (int) n.number("max_tenant_series", d.maxTenantSeries(), 0, 1_000_000)));
    n.rejectUnknownKeys();
    return c;
  }

  /** Admin tokens shorter than this can be guessed online, even at one try per request. */
  static final int MIN_ADMIN_TOKEN_CHARS = 24;

  private static AdminConfig admin(ConfigNode n) {
    List<AdminConfig.Token> tokens = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> values = new HashSet<>();
    for (ConfigNode t : n.children("tokens")) {
      String name = t.requiredString("name");
      String token = t.requiredString("token");
      if (token.length() < MIN_ADMIN_TOKEN_CHARS) {
        throw new ConfigException(t.path("token"), "must be at least " + MIN_ADMIN_TOKEN_CHARS + " characters");
      }
      if (!token.chars().allMatch(c -> c > ' ' && c < 127)) {
        throw new ConfigException(t.path("token"), "must be printable ASCII without spaces (it travels in a header)");
      }
      String role = t.requiredString("role");
      AdminConfig.Role r = switch (role) {
        case "read" -> AdminConfig.Role.READ;
        case "write" -> AdminConfig.Role.WRITE;
        default -> throw new ConfigException(t.path("role"), "must be read or write, was '" + role + "'");
      };
      if (!names.add(name)) {
        throw new ConfigException(t.path("name"), "duplicate token name '" + name + "'");
      }
      if (!values.add(token)) {
        throw new ConfigException(t.path("token"), "the same token is given twice");
      }
      t.rejectUnknownKeys();
      tokens.add(new AdminConfig.Token(name, token, r));
    }
    n.rejectUnknownKeys();
    return new AdminConfig(tokens);
  }

  private static AccessLogConfig accessLog(ConfigNode n) {
    AccessLogConfig d = AccessLogConfig.DEFAULTS;
    boolean enabled = n.bool("enabled", d.enabled());
    String format = n.string("format", d.format().name().toLowerCase(java.util.Locale.ROOT));
    AccessLogConfig.Format f = switch (format) {
      case "json" -> AccessLogConfig.Format.JSON;
      case "logfmt" -> AccessLogConfig.Format.LOGFMT;
      default -> throw new ConfigException(n.path("format"), "must be json or logfmt, was '" + format + "'");
    };
    n.rejectUnknownKeys();
    return n.build(() -> new AccessLogConfig(enabled, f));
  }

  /**
   * {@code redis:}: {@code type} standalone (default; {@code url}), cluster ({@code urls}: seed nodes) or sentinel
   * ({@code urls}: sentinels, {@code master_name}); {@code user}/{@code password} in every mode. A key that does
   * not belong to the chosen type is an error, not silently ignored.
   */
  private static RedisConfig redis(ConfigNode n) {
    String typeText = n.string("type", RedisConfig.Type.STANDALONE.key());
    RedisConfig.Type type = null;
    for (RedisConfig.Type t : RedisConfig.Type.values()) {
      if (t.key().equals(typeText)) {
        type = t;
      }
    }
    if (type == null) {
      throw new ConfigException(n.path("type"), "must be one of standalone, cluster, sentinel, was '" + typeText + "'");
    }
    List<String> urls;
    if (type == RedisConfig.Type.STANDALONE) {
      if (n.has("urls")) {
        throw new ConfigException(n.path("urls"), "is for type cluster or sentinel; a standalone server is redis.url");
      }
      String url = n.requiredString("url");
      if (!url.startsWith("redis://") && !url.startsWith("rediss://") && !url.startsWith("unix://")) {
        throw new ConfigException(n.path("url"), "must start with redis://, rediss:// or unix://");
      }
      urls = List.of(url);
    } else {
      if (n.has("url")) {
        throw new ConfigException(n.path("url"), "is for type standalone; with type " + type.key()
            + " list the " + (type == RedisConfig.Type.CLUSTER ? "seed nodes" : "sentinels") + " in redis.urls");
      }
      urls = n.strings("urls"); // none: the record says at least one is required
      for (int i = 0; i < urls.size(); i++) {
        String u = urls.get(i);
        if (!u.startsWith("redis://") && !u.startsWith("rediss://")) {
          // nodes and masters are reached at the addresses the cluster or the sentinels announce: TCP only
          throw new ConfigException(n.path("urls") + "[" + i + "]", "must start with redis:// or rediss://");
        }
        if (u.startsWith("rediss://") != urls.get(0).startsWith("rediss://")) {
          throw new ConfigException(n.path("urls") + "[" + i + "]",
              "mixes redis:// and rediss:// (TLS is all or nothing: every node gets the first URL's scheme)");
        }
      }
    }
    String masterName = n.string("master_name", null);
    String user = n.string("user", null);
    String password = n.string("password", null);
    if (password != null) {
      for (int i = 0; i < urls.size(); i++) {
        if (hasCredentials(urls.get(i))) {
          String key = type == RedisConfig.Type.STANDALONE ? n.path("url") : n.path("urls") + "[" + i + "]";
          throw new ConfigException(key, "carries credentials and redis.password is set too: give them in one place");
        }
      }
    }
    RedisConfig.Type t = type;
    RedisConfig c = n.build(() -> new RedisConfig(t, urls, masterName, user, password,
        (int) n.number("pool_size", RedisConfig.DEFAULT_POOL_SIZE, 1, 1024),
        (int) n.number("max_waiting", RedisConfig.DEFAULT_MAX_WAITING, 1, 1_000_000),
        n.number("timeout_ms", RedisConfig.DEFAULT_TIMEOUT_MS, 1, 60_000),
        n.number("read_cache_ms", RedisConfig.DEFAULT_READ_CACHE_MS, 0, 60_000)));
    n.rejectUnknownKeys();
    return c;
  }

  /** {@code redis://user:pass@host}: the user info before the host. */
  private static boolean hasCredentials(String url) {
    int scheme = url.indexOf("://");
    int at = url.indexOf('@');
    int slash = url.indexOf('/', scheme + 3);
    return scheme >= 0 && at > scheme && (slash < 0 || at < slash);
  }

  private static LiveKitConfig livekit(ConfigNode n) {
    String url = n.string("url", null);
    String secret = n.requiredString("api_secret");
    if (secret.length() < MIN_SECRET_CHARS) {
      throw new ConfigException(n.path("api_secret"), "must be at least " + MIN_SECRET_CHARS + " characters");
    }
    LiveKitConfig c = n.build(() -> new LiveKitConfig(
        url == null ? null : url.replaceAll("/+$", ""),
        n.requiredString("api_key"),
        secret,
        (int) n.number("embedded_port", LiveKitConfig.DEFAULT_EMBEDDED_PORT, 0, MAX_PORT),
        (int) n.number("pool_size", LiveKitConfig.DEFAULT_POOL_SIZE, 1, 4096),
        n.number("connect_timeout_ms", LiveKitConfig.DEFAULT_CONNECT_TIMEOUT_MS, 1, 60_000),
        n.number("request_timeout_ms", LiveKitConfig.DEFAULT_REQUEST_TIMEOUT_MS, 1, 120_000),
        n.number("join_token_ttl_seconds", LiveKitConfig.DEFAULT_JOIN_TOKEN_TTL_SECONDS, 10, 7 * 24 * 3600),
        n.number("presence_max_age_ms", LiveKitConfig.DEFAULT_PRESENCE_MAX_AGE_MS, 0, 24L * 3600 * 1000),
        (int) n.number("breaker_failures", LiveKitConfig.DEFAULT_BREAKER_FAILURES, 1, 1000),
        n.number("breaker_reset_ms", LiveKitConfig.DEFAULT_BREAKER_RESET_MS, 10, 600_000),
        (int) n.number("max_retries", LiveKitConfig.DEFAULT_MAX_RETRIES, 0, 10),
        n.number("retry_backoff_ms", LiveKitConfig.DEFAULT_RETRY_BACKOFF_MS, 1, 60_000),
        n.number("reconcile_interval_ms", LiveKitConfig.DEFAULT_RECONCILE_INTERVAL_MS, 0, 24L * 3600 * 1000),
        (int) n.number("max_syncs_per_second", LiveKitConfig.DEFAULT_MAX_SYNCS_PER_SECOND, 1, 10_000)));
    n.rejectUnknownKeys();
    return c;
  }

  private static WebhookConfig webhooks(ConfigNode n) {
    WebhookConfig d = WebhookConfig.DEFAULTS;
    long initial = n.number("backoff_initial_ms", d.backoffInitialMs(), 1, 3_600_000);
    long max = n.number("backoff_max_ms", d.backoffMaxMs(), 1, 3_600_000);
    int maxQueue = (int) n.number("max_queue", d.maxQueue(), 1, 10_000_000);
    WebhookConfig c = n.build(() -> new WebhookConfig(
        n.number("timeout_ms", d.timeoutMs(), 1, 600_000), initial, max,
        n.number("max_age_seconds", d.maxAgeSeconds(), 1, 30L * 24 * 3600),
        maxQueue,
        (int) n.number("max_queue_per_tenant", Math.min(d.maxQueuePerTenant(), maxQueue), 1, maxQueue),
        (int) n.number("pool_size", d.poolSize(), 1, 1024),
        allowNetworks(n)));
    n.rejectUnknownKeys();
    return c;
  }

  /** {@code webhooks.allow_networks}: CIDRs, each error naming its index. */
  private static List<CidrBlock> allowNetworks(ConfigNode n) {
    return cidrs(n, "allow_networks");
  }

  /** A list of CIDRs under {@code key}, each error naming its index. */
  private static List<CidrBlock> cidrs(ConfigNode n, String key) {
    List<String> texts = n.strings(key);
    List<CidrBlock> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(CidrBlock.parse(texts.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(n.path(key) + "[" + i + "]", e.getMessage());
      }
    }
    return out;
  }

  private static LimiterConfig limiter(ConfigNode n) {
    LimiterConfig d = LimiterConfig.DEFAULTS;
    boolean enabled = n.bool("enabled", d.enabled());
    int nodes = (int) n.number("nodes", d.nodes(), 1, 1024);
    ConfigNode a = n.child("auth_failures");
    LimiterConfig c = n.build(() -> new LimiterConfig(enabled, nodes,
        a.number("burst", d.authFailureBurst(), 1, 1_000_000),
        a.number("per_minute", d.authFailurePerMinute(), 1, 60_000_000),
        (int) a.number("max_clients", d.authFailureMaxClients(), 16, 10_000_000)));
    a.rejectUnknownKeys();
    n.rejectUnknownKeys();
    return c;
  }

  /** {@code plans: {<name>: {qps, burst, quotas, costs, apis, mode, on_redis_error}}}: named limit sets. */
  private static Map<String, RateLimitSpec> plans(ConfigNode root) {
    Map<String, RateLimitSpec> plans = root.mapOf("plans", p -> RateLimitSpec.parse(p, true));
    for (String name : plans.keySet()) {
      if (!RateLimitSpec.NAME.matcher(name).matches()) {
        throw new ConfigException("plans." + name, "plan name must match " + RateLimitSpec.NAME.pattern());
      }
      plans.get(name).resolve("plans." + name, null); // a plan must stand on its own too
    }
    return plans;
  }

  private static List<TenantConfig> tenants(ConfigNode root, Map<String, RateLimitSpec> plans) {
    List<ConfigNode> nodes = root.children("tenants");
    if (nodes.isEmpty()) {
      throw new ConfigException("tenants", "at least one tenant is required");
    }
    List<TenantConfig> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> apiKeys = new HashSet<>();
    Set<Long> appIds = new HashSet<>();
    for (ConfigNode n : nodes) {
      TenantConfig t = tenant(n, plans);
      if (!ids.add(t.id())) {
        throw new ConfigException(n.path("id"), "duplicate tenant id '" + t.id() + "'");
      }
      if (t.plugnmeet() != null && !apiKeys.add(t.plugnmeet().apiKey())) {
        throw new ConfigException(n.path("plugnmeet.api_key"), "already used by another tenant");
      }
      if (t.tencent() != null && !appIds.add(t.tencent().sdkAppId())) {
        throw new ConfigException(n.path("tencent.sdkappid"), "already used by another tenant");
      }
      out.add(t);
    }
    return out;
  }

  /**
   * Validates one {@code tenants[]} entry that did not come from the file (the admin API's body, as plain maps and
   * lists), with the same rules and messages as the file's; its keys are named {@code tenants[<id>]...}. No
   * {@code ${...}} reference is resolved: such an entry is taken literally. Its {@code plan} is one of {@code plans}
   * (the file's), with the file's message if there is no such plan.
   *
   * @param id the id the entry is written under; it must be a valid id (see {@link #checkTenantId})
   */
  public static TenantConfig tenant(String id, Map<?, ?> entry, TenantPlans plans) {
    return tenant(new ConfigNode("tenants[" + id + "]", entry), plans.byName);
  }

  /** Throws the key-named error of the file for an id that is not a valid tenant id. */
  public static void checkTenantId(String key, String id) {
    if (id == null || !TENANT_ID.matcher(id).matches()) {
      throw new ConfigException(key, "must match " + TENANT_ID.pattern());
    }
  }

  /**
   * The file's uniqueness rule for one tenant against others: {@code null}, or the key-named error of the first
   * credential that another tenant already uses ({@code tenants[acme].plugnmeet.api_key: already used by another
   * tenant}).
   */
  public static ConfigException credentialConflict(String path, TenantConfig t, Iterable<TenantConfig> others) {
    for (TenantConfig o : others) {
      if (o.id().equals(t.id())) {
        continue;
      }
      if (t.plugnmeet() != null && o.plugnmeet() != null && t.plugnmeet().apiKey().equals(o.plugnmeet().apiKey())) {
        return new ConfigException(path + ".plugnmeet.api_key", "already used by another tenant");
      }
      if (t.tencent() != null && o.tencent() != null && t.tencent().sdkAppId() == o.tencent().sdkAppId()) {
        return new ConfigException(path + ".tencent.sdkappid", "already used by another tenant");
      }
    }
    return null;
  }

  private static TenantConfig tenant(ConfigNode n, Map<String, RateLimitSpec> plans) {
    String id = n.requiredString("id");
    if (!TENANT_ID.matcher(id).matches()) {
      throw new ConfigException(n.path("id"), "must match " + TENANT_ID.pattern());
    }
    String planName = n.string("plan", null);
    RateLimitSpec plan = RateLimitSpec.EMPTY;
    if (planName != null) {
      plan = plans.get(planName);
      if (plan == null) {
        throw new ConfigException(n.path("plan"), "no such plan '" + planName + "' under plans");
      }
    }
    RateLimitConfig rate = RateLimitSpec.parse(n.child("rate_limit"), true).over(plan)
        .resolve(n.path("rate_limit"), planName);
    TenantConfig.PlugNmeet plugnmeet = null;
    if (n.has("plugnmeet")) {
      ConfigNode p = n.child("plugnmeet");
      String secret = tenantSecret(p, "api_secret");
      String previous = previousSecret(p, "previous_api_secret");
      plugnmeet = p.build(() -> new TenantConfig.PlugNmeet(p.requiredString("api_key"), secret, previous,
          previousExpiresAt(p, "previous_api_secret", previous),
          (int) p.number("replay_window_seconds", 0, 1, TenantConfig.PlugNmeet.MAX_REPLAY_WINDOW_SECONDS)));
      p.rejectUnknownKeys();
    }
    TenantConfig.Tencent tencent = null;
    if (n.has("tencent")) {
      ConfigNode t = n.child("tencent");
      long appId = t.requiredNumber("sdkappid", 1, Long.MAX_VALUE);
      String key = tenantSecret(t, "secret_key");
      List<String> admins = t.strings("admins");
      String previous = previousSecret(t, "previous_secret_key");
      tencent = t.build(() -> new TenantConfig.Tencent(appId, key, admins, previous,
          previousExpiresAt(t, "previous_secret_key", previous)));
      t.rejectUnknownKeys();
    }
    String webhookUrl = n.string("webhook_url", null);
    String webhookProblem = webhookUrl == null ? null : WebhookUrl.problem(webhookUrl);
    if (webhookProblem != null) {
      throw new ConfigException(n.path("webhook_url"), webhookProblem);
    }
    RateLimitConfig limit = tencent != null ? withTencentDefaults(rate) : rate;
    int maxActiveRooms = (int) n.number("max_active_rooms", TenantConfig.DEFAULT_MAX_ACTIVE_ROOMS, 1, 10_000_000);
    n.rejectUnknownKeys();
    TenantConfig.PlugNmeet pn = plugnmeet;
    TenantConfig.Tencent tc = tencent;
    return n.build(() -> new TenantConfig(id, limit, pn, tc, webhookUrl, maxActiveRooms));
  }

  private static String tenantSecret(ConfigNode n, String key) {
    String secret = n.requiredString(key);
    if (secret.length() < MIN_TENANT_SECRET_CHARS) {
      throw new ConfigException(n.path(key), "must be at least " + MIN_TENANT_SECRET_CHARS + " characters");
    }
    return secret;
  }

  /** The secret being rotated out ({@code previous_*}), or {@code null}. */
  private static String previousSecret(ConfigNode n, String key) {
    if (!n.has(key)) {
      n.string(key, null); // read: an explicit null is not an unknown key
      return null;
    }
    return tenantSecret(n, key); // that it differs from the current one is the record's check
  }

  /** {@code previous_expires_at} (unix seconds): required with a previous secret, refused without one. */
  private static long previousExpiresAt(ConfigNode n, String secretKey, String previous) {
    if (previous == null) {
      if (n.has(PREVIOUS_EXPIRES_AT)) {
        throw new ConfigException(n.path(PREVIOUS_EXPIRES_AT), "needs " + secretKey);
      }
      n.number(PREVIOUS_EXPIRES_AT, 0, 0, 0);
      return 0;
    }
    return n.requiredNumber(PREVIOUS_EXPIRES_AT, 1, MAX_UNIX_SECONDS);
  }

  /**
   * Tencent documents a lower limit for some APIs than its 200/s default (spec/tencent-live-room.md §4):
   * {@code get_room_list} is 10/s. A tenant with Tencent credentials gets that as its per-API override unless
   * the configuration names one.
   */
  static RateLimitConfig withTencentDefaults(RateLimitConfig rate) {
    if (rate.perApi().containsKey(TENCENT_ROOM_LIST)) {
      return rate;
    }
    Map<String, RateLimitConfig> perApi = new java.util.LinkedHashMap<>(rate.perApi());
    // Both the override and the rebuilt limit keep the tenant's failure policy, quotas, costs and mode (a
    // 3-argument constructor once reset the failure policy to local for every tenant with Tencent credentials).
    perApi.put(TENCENT_ROOM_LIST, RateLimitConfig.perApiBucket(TENCENT_ROOM_LIST_QPS, TENCENT_ROOM_LIST_QPS,
        rate.onRedisError()));
    return rate.withPerApi(perApi);
  }
}
