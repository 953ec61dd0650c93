package io.roomgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.roomgate.livekit.LiveKitMetrics;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * roomgate's own meters, beside the ones Vert.x and the JVM binders register. Constructed once per gateway with the
 * registry and the configured tenant ids; every other part of the gateway records through it.
 *
 * <p>Label sets are bounded by construction: {@code dialect}/{@code api} come from {@link ApiRoutes}, {@code tenant}
 * only from the configured set, at most {@code metrics.max_tenant_series} of them ({@code other} for the configured
 * rest, {@code unknown} for anything else, {@code none} before authentication), LiveKit
 * methods and Twirp codes from fixed lists. Meters are cached per label set, so the hot path does a map lookup and
 * an atomic add, never a registry lookup by name.
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><td>{@code roomgate_requests_seconds}</td><td>histogram</td><td>dialect, api, outcome, status</td></tr>
 *   <tr><td>{@code roomgate_tenant_requests_total}</td><td>counter</td><td>tenant, dialect, api, outcome</td></tr>
 *   <tr><td>{@code roomgate_ratelimit_decisions_total}</td><td>counter</td><td>tenant, outcome</td></tr>
 *   <tr><td>{@code roomgate_livekit_calls_seconds}</td><td>histogram</td><td>method, code</td></tr>
 *   <tr><td>{@code roomgate_eventloop_lag_seconds}</td><td>histogram</td><td>loop</td></tr>
 *   <tr><td>{@code roomgate_access_log_dropped_total}</td><td>counter</td><td>—</td></tr>
 * </table>
 */
public final class GatewayMetrics implements LiveKitMetrics {
  /** The tenant label before (or without) authentication. */
  public static final String NO_TENANT = "none";
  /** The tenant label of an id that is not configured. */
  public static final String UNKNOWN_TENANT = "unknown";
  /** The tenant label of configured tenants beyond {@code metrics.max_tenant_series}. */
  public static final String OTHER_TENANT = "other";

  /** Request latency buckets: sub-millisecond hot path up to LiveKit-bound creates and timeouts. */
  static final Duration[] REQUEST_BUCKETS = millis(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000);
  /** Event-loop lag buckets: anything over a few ms is a blocked loop. */
  static final Duration[] LAG_BUCKETS = millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000);

  /** LiveKit RoomService methods roomgate calls; anything else is {@code other}. */
  static final Set<String> LIVEKIT_METHODS = Set.of("CreateRoom", "DeleteRoom", "ListRooms", "ListParticipants",
      "UpdateRoomMetadata", "UpdateParticipant", "RemoveParticipant", "GetParticipant", "MutePublishedTrack",
      "SendData", "UpdateSubscriptions");
  /** Twirp's error codes (twitchtv/twirp errors.go) plus {@code ok}; an answer outside them counts as unknown. */
  static final Set<String> TWIRP_CODES = Set.of("ok", "canceled", "unknown", "invalid_argument", "malformed",
      "deadline_exceeded", "not_found", "bad_route", "already_exists", "permission_denied", "unauthenticated",
      "resource_exhausted", "failed_precondition", "aborted", "out_of_range", "unimplemented", "internal",
      "unavailable", "dataloss");

  /** What the rate limiter decided for one request. */
  public enum RateLimitOutcome {
    ALLOWED("allowed"), LIMITED("limited"), /** the backend failed and the failure policy decided */ FALLBACK("fallback"),
    /** shadow mode: would have been limited, went on */ WOULD_LIMIT("would_limit");

    private final String label;

    RateLimitOutcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public static RateLimitOutcome of(String label) {
      for (RateLimitOutcome o : values()) {
        if (o.label.equals(label)) {
          return o;
        }
      }
      throw new IllegalArgumentException("rate-limit outcome must be allowed, limited, fallback or would_limit, was "
          + label);
    }
  }

  private record RequestKey(ApiRoutes.Route route, RequestOutcome outcome, int status) {
  }

  private record TenantKey(String tenant, ApiRoutes.Route route, RequestOutcome outcome) {
  }

  private record CallKey(String method, String code) {
  }

  private final MeterRegistry registry;
  private final int maxTenantSeries;
  /** Tenants with series of their own (at most {@link #maxTenantSeries}); concurrent, swapped on a reload. */
  private volatile Set<String> tenants;
  /** Every configured tenant; those not in {@link #tenants} are labelled {@code other}. */
  private volatile Set<String> configured;
  private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
  private final Map<TenantKey, Counter> tenantRequests = new ConcurrentHashMap<>();
  private final Map<String, Map<RateLimitOutcome, Counter>> rateLimits = new ConcurrentHashMap<>();
  private final Map<CallKey, Timer> liveKitCalls = new ConcurrentHashMap<>();
  private final Map<Integer, Timer> lag = new ConcurrentHashMap<>();
  private final Counter accessLogDropped;
  private final List<Object> functionCounterState = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param registry  where the meters go; {@code null} for a gateway without metrics (every method is a no-op)
   * @param tenantIds the configured tenants: the only values the {@code tenant} label takes besides
   *                  {@code unknown} and {@code none}
   */
  public GatewayMetrics(MeterRegistry registry, Collection<String> tenantIds) {
    this(registry, tenantIds, io.roomgate.config.MetricsConfig.DEFAULT_MAX_TENANT_SERIES);
  }

  /**
   * @param maxTenantSeries how many tenants get series of their own ({@code metrics.max_tenant_series}): the first
   *                        of {@code tenantIds}, in its order; the others are counted as {@code other}
   */
  public GatewayMetrics(MeterRegistry registry, Collection<String> tenantIds, int maxTenantSeries) {
    this.registry = registry;
    this.maxTenantSeries = maxTenantSeries;
    this.configured = concurrentSet(tenantIds);
    this.tenants = labelled(Set.of(), tenantIds);
    this.accessLogDropped = registry == null ? null : Counter.builder("roomgate.access.log.dropped")
        .description("Access-log lines dropped because the writer fell behind").register(registry);
    preRegister(this.tenants);
  }

  /**
   * Up to {@link #maxTenantSeries} ids: those labelled before that are still configured keep their series (so a new
   * tenant never pushes an old one into {@code other}), then new ones in the given order.
   */
  private Set<String> labelled(Set<String> before, Collection<String> ids) {
    if (ids.size() <= maxTenantSeries) {
      return concurrentSet(ids);
    }
    Set<String> all = ids instanceof Set<String> s ? s : new java.util.HashSet<>(ids);
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (String id : before) {
      if (out.size() < maxTenantSeries && all.contains(id)) {
        out.add(id);
      }
    }
    for (String id : ids) {
      if (out.size() >= maxTenantSeries) {
        break;
      }
      out.add(id);
    }
    return concurrentSet(out);
  }

  /**
   * The public listener's connections, read at scrape time and exported from start: {@code roomgate_http_connections}
   * (open now, from accept to close), {@code roomgate_http_connections_rejected_total{reason}} (closed at accept) and
   * {@code roomgate_http_connections_timed_out_total{phase}} (cut for a slow client). Counted by the listener rather
   * than by Vert.x's HTTP server metrics, which cost about a third of the hot path's throughput (see README).
   */
  public void connections(java.util.function.LongSupplier open, Map<String, java.util.function.LongSupplier> rejected,
                          Map<String, java.util.function.LongSupplier> timedOut) {
    if (registry == null) {
      return;
    }
    functionCounterState.add(open);
    io.micrometer.core.instrument.Gauge.builder("roomgate.http.connections", open, o -> o.getAsLong())
        .description("Open connections on the public API port").register(registry);
    functionCounterState.addAll(rejected.values());
    rejected.forEach((reason, count) -> io.micrometer.core.instrument.FunctionCounter
        .builder("roomgate.http.connections.rejected", count, c -> c.getAsLong())
        .description("Connections to the public API port closed as soon as they were accepted, by reason")
        .tag("reason", reason)
        .register(registry));
    functionCounterState.addAll(timedOut.values());
    timedOut.forEach((phase, count) -> io.micrometer.core.instrument.FunctionCounter
        .builder("roomgate.http.connections.timed.out", count, c -> c.getAsLong())
        .description("Connections to the public API port closed for a slow client, by what it was late with")
        .tag("phase", phase)
        .register(registry));
  }

  /** A gateway without metrics. */
  public static GatewayMetrics disabled() {
    return new GatewayMetrics(null, Set.of());
  }

  @Override
  public boolean enabled() {
    return registry != null;
  }

  /**
   * Tenant webhook delivery counts
   * ({@code roomgate_webhook_deliveries_total{result=delivered|retried|dropped|refused}}), read from the dispatcher's
   * own counters at scrape time; all four exist from start.
   */
  public void webhookDeliveries(java.util.function.LongSupplier delivered, java.util.function.LongSupplier retried,
                                java.util.function.LongSupplier dropped, java.util.function.LongSupplier refused) {
    if (registry == null) {
      return;
    }
    Map<String, java.util.function.LongSupplier> results = Map.of("delivered", delivered, "retried", retried,
        "dropped", dropped, "refused", refused);
    results.forEach((result, count) -> functionCounter("roomgate.webhook.deliveries",
        "Tenant webhook delivery attempts by result", count, "result", result));
  }

  /**
   * Replay checks of plugNmeet tenants with {@code replay_window_seconds}, by outcome
   * ({@code roomgate_replay_checks_total{outcome=ok|missing|malformed|stale|reused|full|backend_error}}), read from
   * the guard's counters at scrape time; all exist from start.
   */
  public void replayChecks(Map<String, java.util.function.LongSupplier> byOutcome) {
    if (registry == null) {
      return;
    }
    byOutcome.forEach((outcome, count) -> functionCounter("roomgate.replay.checks",
        "Replay checks of replay-safe plugNmeet requests by outcome", count, "outcome", outcome));
  }

  /**
   * Certificate reloads of a TLS listener ({@code roomgate_tls_reloads_total{listener=server|management,
   * result=reloaded|failed}}), exported from start; zero without TLS.
   */
  public void tlsReloads(String listener, io.roomgate.http.CertificateReloader.Stats stats) {
    if (registry == null) {
      return;
    }
    functionCounterState.add(stats);
    functionCounter("roomgate.tls.reloads", "Certificate reloads of a TLS listener by result", stats::reloaded,
        "listener", listener, "result", "reloaded");
    functionCounter("roomgate.tls.reloads", "Certificate reloads of a TLS listener by result", stats::failed,
        "listener", listener, "result", "failed");
  }

  /** A counter read from {@code count} at scrape time, with these tag names and values. */
  private void functionCounter(String name, String description, java.util.function.LongSupplier count,
                               String... tags) {
    functionCounterState.add(count); // Micrometer holds function-counter state weakly: keep it here
    io.micrometer.core.instrument.FunctionCounter.builder(name, count, c -> c.getAsLong())
        .description(description)
        .tags(tags)
        .register(registry);
  }

  /**
   * The limiter's own failures and refusals, read from its counters at scrape time and exported from start (zero):
   * {@code roomgate_ratelimit_backend_errors_total} (Redis calls of the limiter that failed or timed out) and
   * {@code roomgate_auth_failures_refused_total} (requests answered 429 because their client spent its
   * failed-authentication budget).
   */
  public void limiterCounters(java.util.function.LongSupplier backendErrors,
                              java.util.function.LongSupplier authFailuresRefused) {
    if (registry == null) {
      return;
    }
    functionCounter("roomgate.ratelimit.backend.errors", "Redis calls of the rate limiter that failed or timed out",
        backendErrors);
    functionCounter("roomgate.auth.failures.refused",
        "Requests refused with 429 because their client spent its failed-authentication budget", authFailuresRefused);
  }

  /**
   * The Redis read cache ({@code redis.read_cache_ms}): whether this instance's room-change subscription stands
   * (1: copies are served; 0: every read goes to Redis), and announcements this instance failed to publish (other
   * instances may serve that room's old state until the TTL ends).
   */
  public void readCache(java.util.function.BooleanSupplier live, java.util.function.LongSupplier publishFailures) {
    if (registry == null) {
      return;
    }
    functionCounterState.add(live);
    io.micrometer.core.instrument.Gauge.builder("roomgate.read.cache.live", live, l -> l.getAsBoolean() ? 1 : 0)
        .description("1 while this instance receives room-change announcements and serves node-local copies")
        .register(registry);
    functionCounter("roomgate.read.cache.announce.failures", "Room-change announcements that could not be published",
        publishFailures);
  }

  /**
   * {@code roomgate_redis_script_reloads_total}: Lua scripts a Redis server did not know ({@code NOSCRIPT}: it was
   * restarted, or a replica was promoted by a failover) and got again with {@code EVAL}.
   */
  public void redisScripts(java.util.function.LongSupplier reloads) {
    if (registry == null) {
      return;
    }
    functionCounter("roomgate.redis.script.reloads", "Lua scripts reloaded after a NOSCRIPT answer", reloads);
  }

  /**
   * Background presence repairs (full ListParticipants syncs, at most {@code livekit.max_syncs_per_second}):
   * {@code roomgate_presence_repairs_total{reason=gap|never_synced|stale, outcome=queued|dropped|started|failed}}
   * the rooms waiting, {@code roomgate_presence_repairs_pending}, and the syncs under way,
   * {@code roomgate_presence_repairs_running}.
   */
  public void presenceRepairs(io.roomgate.room.PresenceRepairer repairer) {
    if (registry == null) {
      return;
    }
    functionCounterState.add(repairer);
    io.micrometer.core.instrument.Gauge.builder("roomgate.presence.repairs.pending", repairer,
            io.roomgate.room.PresenceRepairer::pending)
        .description("Rooms waiting for a background presence repair").register(registry);
    io.micrometer.core.instrument.Gauge.builder("roomgate.presence.repairs.running", repairer,
            io.roomgate.room.PresenceRepairer::running)
        .description("Background presence repairs started and not finished").register(registry);
    for (io.roomgate.room.PresenceRepairer.Reason reason : io.roomgate.room.PresenceRepairer.Reason.values()) {
      for (io.roomgate.room.PresenceRepairer.Outcome outcome : io.roomgate.room.PresenceRepairer.Outcome.values()) {
        io.micrometer.core.instrument.FunctionCounter.builder("roomgate.presence.repairs", repairer,
                r -> r.count(reason, outcome))
            .description("Background presence repairs by why they were asked for and what became of them")
            .tags("reason", reason.tag(), "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
            .register(registry);
      }
    }
  }

  /** The registry, or {@code null} when metrics are disabled. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Installs a new tenant set (config hot reload): new tenants get their rate-limit counters at zero, and the meters
   * of removed tenants are dropped so that the series count follows the configuration.
   */
  public synchronized void tenants(Collection<String> tenantIds) {
    Set<String> previous = tenants;
    Set<String> next = labelled(previous, tenantIds);
    configured = concurrentSet(tenantIds);
    tenants = next;
    preRegister(next);
    for (String gone : previous) {
      if (!next.contains(gone)) {
        dropSeries(gone);
      }
    }
  }

  private static Set<String> concurrentSet(Collection<String> ids) {
    Set<String> s = ConcurrentHashMap.newKeySet(Math.max(16, ids.size() * 2));
    s.addAll(ids);
    return s;
  }

  /**
   * One tenant added (the admin API), in O(1): it gets series of its own if fewer than {@code max_tenant_series}
   * tenants have them, else it counts as {@code other}.
   */
  public synchronized void tenantAdded(String id) {
    if (!configured.add(id)) {
      return;
    }
    if (tenants.size() < maxTenantSeries) {
      tenants.add(id);
      if (registry != null) {
        rateLimitCounters(id);
      }
    } else if (registry != null) {
      rateLimitCounters(OTHER_TENANT);
    }
  }

  /** One tenant removed (the admin API), in O(1): its series go. */
  public synchronized void tenantRemoved(String id) {
    configured.remove(id);
    if (tenants.remove(id)) {
      dropSeries(id);
    }
  }

  private void dropSeries(String gone) {
    if (registry == null) {
      return;
    }
    rateLimits.remove(gone);
    tenantRequests.keySet().removeIf(k -> k.tenant().equals(gone));
    for (Meter m : registry.find("roomgate.ratelimit.decisions").tag("tenant", gone).meters()) {
      registry.remove(m);
    }
    for (Meter m : registry.find("roomgate.tenant.requests").tag("tenant", gone).meters()) {
      registry.remove(m);
    }
  }

  /** The {@code tenant} label for this id: the id if configured, {@code none} for null, else {@code unknown}. */
  public String tenantLabel(String tenantId) {
    if (tenantId == null) {
      return NO_TENANT;
    }
    return tenants.contains(tenantId) ? tenantId : configured.contains(tenantId) ? OTHER_TENANT : UNKNOWN_TENANT;
  }

  /** One finished request. */
  public void request(ApiRoutes.Route route, RequestOutcome outcome, int status, String tenantId, long nanos) {
    if (registry == null) {
      return;
    }
    requests.computeIfAbsent(new RequestKey(route, outcome, status), k -> Timer.builder("roomgate.requests")
        .description("Requests by dialect, API, outcome and HTTP status, from routing to response end")
        .tags("dialect", k.route().dialect(), "api", k.route().api(), "outcome", k.outcome().label(),
            "status", Integer.toString(k.status()))
        .serviceLevelObjectives(REQUEST_BUCKETS)
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    tenantRequests.computeIfAbsent(new TenantKey(tenantLabel(tenantId), route, outcome), k ->
        Counter.builder("roomgate.tenant.requests")
            .description("Requests by tenant, dialect, API and outcome")
            .tags("tenant", k.tenant(), "dialect", k.route().dialect(), "api", k.route().api(),
                "outcome", k.outcome().label())
            .register(registry)).increment();
  }

  /** One rate-limit decision; {@code outcome} is {@code allowed}, {@code limited}, {@code would_limit} or {@code fallback}. */
  public void rateLimitDecision(String tenantId, String outcome) {
    rateLimitDecision(tenantId, RateLimitOutcome.of(outcome));
  }

  public void rateLimitDecision(String tenantId, RateLimitOutcome outcome) {
    if (registry == null) {
      return;
    }
    rateLimitCounters(tenantLabel(tenantId)).get(outcome).increment();
  }

  /**
   * The circuit breaker of a LiveKit host: {@code roomgate_livekit_circuit_state{host, state}} is 1 for the current
   * state ({@code closed}, {@code open}, {@code half_open}) and 0 for the others. One series per configured LiveKit
   * host and state, so the labels stay bounded.
   */
  @Override
  public void liveKitCircuit(String host, java.util.function.Supplier<String> state) {
    if (registry == null) {
      return;
    }
    functionCounterState.add(state);
    for (String s : List.of("closed", "open", "half_open")) {
      io.micrometer.core.instrument.Gauge.builder("roomgate.livekit.circuit.state", state,
              current -> s.equals(current.get()) ? 1 : 0)
          .description("1 for the current state of the LiveKit host's circuit breaker, 0 for the others")
          .tags("host", host, "state", s)
          .register(registry);
    }
  }

  /**
   * One LiveKit RoomService call.
   *
   * @param twirpCode {@code ok}, or the Twirp error code of the answer ({@code unavailable} when none came)
   */
  @Override
  public void liveKitCall(String method, String twirpCode, long nanos) {
    if (registry == null) {
      return;
    }
    String m = LIVEKIT_METHODS.contains(method) ? method : "other";
    String c = twirpCode != null && TWIRP_CODES.contains(twirpCode) ? twirpCode : "unknown";
    liveKitCalls.computeIfAbsent(new CallKey(m, c), k -> Timer.builder("roomgate.livekit.calls")
        .description("LiveKit RoomService calls by method and Twirp code (ok on success)")
        .tags("method", k.method(), "code", k.code())
        .serviceLevelObjectives(REQUEST_BUCKETS)
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** How late a periodic timer fired on event loop number {@code loop}. */
  public void eventLoopLag(int loop, long nanos) {
    if (registry == null) {
      return;
    }
    lagTimer(loop).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** Registers a loop's lag series up front, so that it is scraped before the probe's first tick. */
  public void registerEventLoop(int loop) {
    if (registry != null) {
      lagTimer(loop);
    }
  }

  private Timer lagTimer(int loop) {
    return lag.computeIfAbsent(loop, l -> Timer.builder("roomgate.eventloop.lag")
        .description("Delay of a periodic probe timer beyond its schedule, per API event loop")
        .tags("loop", Integer.toString(l))
        .serviceLevelObjectives(LAG_BUCKETS)
        .register(registry));
  }

  void accessLogDropped() {
    if (accessLogDropped != null) {
      accessLogDropped.increment();
    }
  }

  private void preRegister(Set<String> ids) {
    if (registry == null) {
      return;
    }
    // Zero-valued series from the start: dashboards show "no 429s" rather than "no data" before the first decision.
    ids.forEach(this::rateLimitCounters);
    rateLimitCounters(UNKNOWN_TENANT);
    if (configured.size() > tenants.size()) {
      rateLimitCounters(OTHER_TENANT); // beyond metrics.max_tenant_series
    }
  }

  private Map<RateLimitOutcome, Counter> rateLimitCounters(String tenantLabel) {
    return rateLimits.computeIfAbsent(tenantLabel, t -> {
      Map<RateLimitOutcome, Counter> m = new EnumMap<>(RateLimitOutcome.class);
      for (RateLimitOutcome o : RateLimitOutcome.values()) {
        m.put(o, Counter.builder("roomgate.ratelimit.decisions")
            .description("Rate-limit decisions by tenant: allowed, limited, would_limit (shadow mode), or fallback "
                + "(limiter backend failed)")
            .tags(Tags.of("tenant", t, "outcome", o.label()))
            .register(registry));
      }
      return m;
    });
  }

  private static Duration[] millis(double... ms) {
    Duration[] d = new Duration[ms.length];
    for (int i = 0; i < ms.length; i++) {
      d[i] = Duration.ofNanos((long) (ms[i] * 1_000_000));
    }
    return d;
  }

  @Override
  public String toString() {
    return "GatewayMetrics[" + (registry == null ? "disabled" : Objects.toString(tenants)) + "]";
  }
}
