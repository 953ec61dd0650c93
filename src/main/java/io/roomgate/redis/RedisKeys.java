package io.roomgate.redis;

/**
 * The one place that builds Redis keys, beside the rest of the Redis code. Each module's Redis implementation
 * (the room and presence stores, the rate limiter, webhooks, the admin API, replay nonces, the Tencent create
 * throttle) asks it for its own keys only.
 *
 * <p>Every key of one tenant carries the same Redis Cluster hash tag, {@code {<tenant>}}, so all of a
 * tenant's keys live in one slot and any operation over them (e.g. ending a room: active hash → past
 * sorted set) can be one atomic script, also on Redis Cluster. Layout:
 *
 * <pre>
 * rg:{t}:active              hash    roomId → room record JSON (active rooms; HLEN is what max_active_rooms bounds)
 * rg:{t}:past                zset    pastId → endedAt (all past rooms of the tenant, by end time)
 * rg:{t}:past:rec            hash    pastId → room record JSON (with "e" = endedAt)
 * rg:{t}:past:seq            string  counter that mints pastIds (zero-padded, so ties sort in end order)
 * rg:{t}:past:room:&lt;roomId&gt;  zset    pastId → endedAt (the past rooms of one roomId: the room_ids filter)
 * rg:{t}:presence:&lt;roomId&gt;   hash    identity → LiveKit ParticipantInfo (protobuf bytes)
 * rg:{t}:presence-synced:&lt;roomId&gt;  string  when ListParticipants last replaced the presence (epoch ms)
 *
 * rg:{webhooks}:seen:&lt;eventId&gt;  string  a LiveKit webhook event already applied (expires)
 * rg:{webhooks}:events        stream  tenant webhook deliveries, consumer group "delivery"
 * rg:{webhooks}:leader        string  which instance delivers tenant webhooks now (expiring lease)
 * rg:{t}:tc:create:&lt;roomId&gt; string  set NX for 1 s by a Tencent create_room (the 100012 once-per-second rule)
 * rg:{t}:rl:app              hash    the tenant's rate-limit token bucket {t: tokens, ts: µs} (expires when idle)
 * rg:{t}:rl:api:&lt;api&gt;        hash    the bucket of a per-API override, e.g. rl:api:get_room_list
 * rg:{t}:nonce:&lt;nonce&gt;      string  a replay-safe plugNmeet request's nonce, until its timestamp leaves the window
 *
 * rg:{_tenants}:entries      hash    tenants of the admin API: id → "version\n{k, a}\nbody JSON"
 * rg:{_tenants}:version      string  the version of the last change (one counter for every API tenant)
 * rg:{_tenants}:pnkey        hash    plugNmeet API key → tenant id (unique across API tenants)
 * rg:{_tenants}:app          hash    Tencent sdkappid → tenant id
 * rg:{_tenants}:changes      channel "version id ms" after every change (ms: Redis TIME at the write)
 * </pre>
 *
 * <p>The admin API's keys share the tag {@code {_tenants}}, which no tenant can have (ids starting with {@code _}
 * are the gateway's own), so every change is one atomic script in one slot.
 *
 * <p>The webhook keys are not tenant-scoped: one delivery stream serves all tenants, so that a single leader can
 * keep each room's events in order.
 *
 * <p>A room id may be ended many times (create, end, create again, end again); each ending is one past
 * entry with its own pastId.
 *
 * <p>The tenant id is escaped ({@code % { } :} become {@code %25 %7B %7D %3A}) so that it can neither end the
 * hash tag early nor collide with the key structure; the room id is always the last key segment and needs
 * no escaping. Other components (e.g. the distributed rate limiter) should add their keys here, under
 * {@link #tenantKey(String, String)}, so that the layout stays in one file.
 */
public final class RedisKeys {

  /** Prefix of every roomgate key. */
  public static final String PREFIX = "rg:";

  private RedisKeys() {
  }

  /** {@code rg:{<tenant>}} — the tenant's hash-tagged key prefix. */
  public static String tenantTag(String tenantId) {
    return PREFIX + "{" + escapeTenant(tenantId) + "}";
  }

  /** {@code rg:{<tenant>}:<suffix>}: a tenant-scoped key in the tenant's slot. */
  public static String tenantKey(String tenantId, String suffix) {
    return tenantTag(tenantId) + ":" + suffix;
  }

  /** Hash roomId → active room record JSON. */
  public static String active(String tenantId) {
    return tenantKey(tenantId, "active");
  }

  /** Sorted set pastId → endedAt, every past room of the tenant. */
  public static String past(String tenantId) {
    return tenantKey(tenantId, "past");
  }

  /** Hash pastId → past room record JSON. */
  public static String pastRecords(String tenantId) {
    return tenantKey(tenantId, "past:rec");
  }

  /** Counter that mints pastIds. */
  public static String pastSeq(String tenantId) {
    return tenantKey(tenantId, "past:seq");
  }

  /** Sorted set pastId → endedAt, the past entries of one room id. */
  public static String pastByRoom(String tenantId, String roomId) {
    return tenantKey(tenantId, "past:room:" + roomId);
  }

  /** Hash identity → ParticipantInfo protobuf, the participants of one active room. */
  public static String presence(String tenantId, String roomId) {
    return tenantKey(tenantId, "presence:" + roomId);
  }

  /** Epoch ms of the last full participant sync of one room. */
  public static String presenceSynced(String tenantId, String roomId) {
    return tenantKey(tenantId, "presence-synced:" + roomId);
  }

  /**
   * Pub/sub channel on which every write to a room's state or presence is announced, so that the other instances
   * drop their node-local copies ({@code redis.read_cache_ms}). Message: {@code <tenant id>\n<room id>}.
   */
  public static String roomInvalidations() {
    return PREFIX + "room-invalidations";
  }

  private static final String WEBHOOKS = PREFIX + "{webhooks}:";

  /** A nonce of replay-safe signing; nonces are URL-safe, so they need no escaping. */
  public static String replayNonce(String tenantId, String nonce) {
    return tenantKey(tenantId, "nonce:" + nonce);
  }

  public static String webhookEventSeen(String eventId) {
    return WEBHOOKS + "seen:" + eventId;
  }

  public static String webhookStream() {
    return WEBHOOKS + "events";
  }

  public static String webhookLeader() {
    return WEBHOOKS + "leader";
  }

  /** String set with {@code NX PX 1000} by a Tencent {@code create_room}: the once-per-second rule (100012). */
  public static String createRoomOnce(String tenantId, String roomId) {
    return tenantKey(tenantId, "tc:create:" + roomId);
  }

  /**
   * Hash {t, ts}: a rate-limit token bucket of the tenant. {@code scope} is {@code app} (the tenant's bucket) or
   * {@code api:<name>} (a per-API override; names are {@code [A-Za-z0-9_.-]}, checked by the config loader).
   */
  public static String rateLimit(String tenantId, String scope) {
    return tenantKey(tenantId, "rl:" + scope);
  }

  private static final String TENANTS = PREFIX + "{_tenants}:";

  /** The admin API's keys, in script order: entries, version, pnkey, app (all in one slot). */
  public static java.util.List<String> apiTenants() {
    return java.util.List.of(TENANTS + "entries", TENANTS + "version", TENANTS + "pnkey", TENANTS + "app");
  }

  /** The channel of the admin API's tenant changes. */
  public static String apiTenantChanges() {
    return TENANTS + "changes";
  }

  static String escapeTenant(String tenantId) {
    if (tenantId == null || tenantId.isEmpty()) {
      // An empty hash tag "{}" would make Redis Cluster hash the whole key: keys would scatter.
      throw new IllegalArgumentException("tenant id must not be empty");
    }
    StringBuilder sb = null;
    for (int i = 0; i < tenantId.length(); i++) {
      char c = tenantId.charAt(i);
      String esc = switch (c) {
        case '%' -> "%25";
        case '{' -> "%7B";
        case '}' -> "%7D";
        case ':' -> "%3A";
        default -> null;
      };
      if (esc != null && sb == null) {
        sb = new StringBuilder(tenantId.length() + 8).append(tenantId, 0, i);
      }
      if (sb != null) {
        if (esc != null) {
          sb.append(esc);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? tenantId : sb.toString();
  }
}
