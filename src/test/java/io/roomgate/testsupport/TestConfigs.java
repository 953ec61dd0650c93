package io.roomgate.testsupport;

/**
 * Gateway configurations for tests: two plugNmeet tenants ({@code acme}, {@code globex}) on free ports, with the
 * embedded LiveKit simulator, and optionally Redis. No warm-up ({@code server.warmup_seconds: 0}): tests start
 * hundreds of gateways; the warm-up has its own tests ({@code RateLimitAccuracyIT}, {@code WarmupTest}).
 */
public final class TestConfigs {
  public static final String LIVEKIT_KEY = "testkey";
  public static final String LIVEKIT_SECRET = "test-secret-0123456789abcdef0123456789";
  public static final String ACME_KEY = "acme-key";
  public static final String ACME_SECRET = "acme-secret-0123456789";
  public static final String GLOBEX_KEY = "globex-key";
  public static final String GLOBEX_SECRET = "globex-secret-9876543210";

  private TestConfigs() {
  }

  /** A configuration and the free ports it binds. */
  public record GatewayYaml(String yaml, int apiPort, int managementPort, int liveKitPort) {

    /** Adds a line under {@code livekit:}, e.g. {@code presence_max_age_ms: 60000}. */
    public GatewayYaml withLiveKit(String line) {
      return with(yaml.replace("  request_timeout_ms: 2000\n", "  request_timeout_ms: 2000\n  " + line + "\n"));
    }

    /** Gives tenant {@code acme} a tenant-wide webhook URL. */
    public GatewayYaml withAcmeWebhook(String url) {
      return with(yaml.replace("  - id: acme\n", "  - id: acme\n    webhook_url: " + url + "\n"));
    }

    /** Adds a key to the {@code redis:} section, e.g. {@code timeout_ms: 1000}. */
    public GatewayYaml withRedis(String keyValue) {
      return with(yaml.replace("redis: {", "redis: {" + keyValue + ", "));
    }

    /** Adds a key to the {@code server:} section, e.g. {@code drain_seconds: 3}. */
    public GatewayYaml withServer(String keyValue) {
      return with(yaml.replace("event_loops: 2}", "event_loops: 2, " + keyValue + "}"));
    }

    /** Turns the warm-up on (tests start without it): LiveKit's and the pipelines' first calls then come warm. */
    public GatewayYaml withWarmup(int seconds) {
      return with(yaml.replace("warmup_seconds: 0", "warmup_seconds: " + seconds));
    }

    /** Gives tenant {@code globex} a tenant-wide webhook URL. */
    public GatewayYaml withGlobexWebhook(String url) {
      return with(yaml.replace("  - id: globex\n", "  - id: globex\n    webhook_url: " + url + "\n"));
    }

    /** Adds a line under tenant {@code id}, e.g. {@code rate_limit: {qps: 10000}}. */
    public GatewayYaml withTenantLine(String id, String line) {
      return with(yaml.replace("  - id: " + id + "\n", "  - id: " + id + "\n    " + line + "\n"));
    }

    /** Appends a top-level section, e.g. {@code webhooks: {backoff_initial_ms: 50}}. */
    public GatewayYaml withSection(String section) {
      return with(yaml + section + "\n");
    }

    private GatewayYaml with(String changed) {
      if (changed.equals(yaml)) {
        throw new IllegalStateException("test config change did not apply");
      }
      return new GatewayYaml(changed, apiPort, managementPort, liveKitPort);
    }
  }

  /**
   * The {@code redis:} line: {@code null} = none (in-process store), a URL = a standalone server, a flow mapping
   * ({@code {type: cluster, ...}}, see {@link RedisClusterProcess#yaml()}) = that section as it is.
   */
  public static String redisSection(String redis) {
    if (redis == null) {
      return "";
    }
    return "redis: " + (redis.startsWith("{") ? redis : "{url: \"" + redis + "\"}");
  }

  /** @param redisUrl {@code null} for the in-process store */
  public static String yaml(String redisUrl) {
    return gateway(redisUrl, null).yaml();
  }

  /**
   * @param redisUrl   {@code null} for the in-process store; a URL or a flow mapping ({@link #redisSection})
   * @param liveKitUrl {@code null} for the embedded simulator
   */
  public static GatewayYaml gateway(String redisUrl, String liveKitUrl) {
    int api = FreePorts.next();
    int management = FreePorts.next();
    int liveKit = FreePorts.next();
    String yaml = """
        server: {host: 127.0.0.1, port: %d, max_body_bytes: 4096, warmup_seconds: 0, event_loops: 2}
        management: {host: 127.0.0.1, port: %d}
        %s
        livekit:
          %s
          api_key: %s
          api_secret: %s
          embedded_port: %d
          request_timeout_ms: 2000
        tenants:
          - id: acme
            plugnmeet: {api_key: %s, api_secret: %s}
          - id: globex
            plugnmeet: {api_key: %s, api_secret: %s}
        """.formatted(api, management,
        redisSection(redisUrl),
        liveKitUrl == null ? "" : "url: " + liveKitUrl,
        LIVEKIT_KEY, LIVEKIT_SECRET, liveKit,
        ACME_KEY, ACME_SECRET, GLOBEX_KEY, GLOBEX_SECRET);
    return new GatewayYaml(yaml, api, management, liveKit);
  }
}
