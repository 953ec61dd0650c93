package io.roomgate.limit;

import io.github.bucket4j.TimeMeter;
import io.roomgate.redis.LoopConnections;
import io.roomgate.redis.RedisKeys;
import io.roomgate.redis.RedisScript;
import io.roomgate.tenant.Tenant;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The distributed limiter: every decision that reaches Redis is one atomic {@code EVALSHA} of
 * {@code ratelimit/policies.lua} on Redis's clock over every policy the request draws from (its API's bucket, the
 * tenant's bucket, every quota: all or nothing), so N gateway processes share exact limits per tenant.
 *
 * <p>Most requests over the limit never reach Redis, by two local checks that cannot under-admit:
 * <ol>
 *   <li><b>Denial hint.</b> When Redis says "no token, the next one in Δ", no token can exist anywhere before the
 *       script's execution time + Δ (tokens only come from refill; other nodes can only take them). This node sent
 *       the call before that execution, so it rejects locally until {@code sendTime + Δ}. Δ is floored to the
 *       microsecond by the script. Under twice the limit this answers about half of all requests.</li>
 *   <li><b>Pre-filter.</b> A local bucket at the full tenant rate takes a token first; when Redis then says no, the
 *       token is given back. It therefore only counts what Redis admitted on this node, and is empty only if this
 *       node alone admitted more than the limit: a request it rejects would have been rejected by Redis too.</li>
 * </ol>
 *
 * <p>When a call fails or does not answer within {@code redis.timeout_ms}, the tenant's
 * {@code rate_limit.on_redis_error} decides that request: {@code local} = a local bucket at {@code qps/nodes},
 * {@code open} = admit, {@code closed} = reject. Every such decision is marked {@link RateDecision#fallback()} (and
 * counted by the handler); every failed or late call is counted in {@link RateLimitStats#backendErrors()}.
 *
 * <p>A slow answer is not an outage. Redis is declared down only on evidence: an error (refused connection, error
 * reply), or {@value #TIMEOUTS_FOR_OUTAGE} timeouts in a row, with no answer in between, of calls sent over at least
 * the timeout. (When this process itself stalls, say in a long GC pause, the calls it had sent time out together,
 * but they were all sent before the stall: that is not taken for an outage.) Then it is
 * left alone for {@code retryNanos} (decisions fall back at once instead of each waiting for the timeout), and the
 * first decision after that tries it again, so the limiter is back on Redis as soon as Redis is. Outages are
 * accounted for per bucket ({@link OutageLedger}): a fallback bucket starts from this node's share of what Redis
 * last said was left (empty if it never said), never full; what this node admitted on its own is paid to the shared
 * bucket with its next script call; and a call that answers after its deadline still counts: its tokens go to the
 * lease, or pay for the request that was admitted on its own meanwhile, never lost and never spent twice.
 */
public final class RedisRateLimiter implements RateLimiter, RateLimitUsage {
  private static final Logger LOG = Logger.getLogger(RedisRateLimiter.class.getName());
  static final RedisScript SCRIPT = RedisScript.fromResource("ratelimit/policies.lua");
  /** How long Redis is left alone after a failure before the next decision tries it again. */
  public static final long DEFAULT_RETRY_NANOS = 1_000_000_000L;
  /** A request waits for other requests' script calls at most this often before it sends its own. */
  private static final int MAX_WAITS = 2;
  /** Timeouts in a row (with Redis silent for twice the timeout) that count as an outage. */
  static final int TIMEOUTS_FOR_OUTAGE = 3;

  private final Vertx vertx;
  private final Redis redis;
  private final LoopConnections loops;
  private final long timeoutMs;
  private final PolicyStore preFilter;
  private final Limits limits = new Limits();
  private final LocalRateLimiter fallback;
  private final RateLimitStats stats;
  private final TimeMeter time;
  private final long retryNanos;
  /** A rejection Redis gave: no room before {@code until} (the local clock, nanos), blocked by {@code policy}. */
  private record Hint(long until, String policy) {
  }

  /** Per limit: no room before this. Any value written is a safe lower bound. */
  private final ConcurrentHashMap<String, Hint> noTokenBefore = new ConcurrentHashMap<>();
  /** Per bucket: the tokens this node took from Redis ahead of use. */
  private final ConcurrentHashMap<String, TokenLease> leases = new ConcurrentHashMap<>();
  /** Per bucket: what this node decided without Redis. */
  private final ConcurrentHashMap<String, OutageLedger> ledgers = new ConcurrentHashMap<>();
  private final int nodes;
  private final AtomicInteger timeoutsInARow = new AtomicInteger();
  /**
   * Per tenant, script answers so far: the tenant's fallback buckets start once per value (an outage is the time
   * between two answers). Per tenant, not per bucket, because a tenant's buckets share its policies: two counters
   * would take turns starting the same policy again.
   */
  private final ConcurrentHashMap<String, AtomicLong> answers = new ConcurrentHashMap<>();
  /** When the earliest call of the current run of timeouts was sent; {@code Long.MAX_VALUE} after an answer. */
  private volatile long timeoutsSentFrom = Long.MAX_VALUE;
  private volatile long redisDownUntil = Long.MIN_VALUE;
  private volatile boolean down;

  /**
   * @param redis      the gateway's pooled client (shared with the room store)
   * @param timeoutMs  {@code redis.timeout_ms}: the deadline of every script call
   * @param nodes      {@code rate_limit.nodes}: the divisor of the {@code local} fallback
   * @param time       the local clock (pre-filter, fallback buckets, denial hints, retry); Redis keeps its own
   * @param retryNanos how long to leave Redis alone after a failure
   */
  public RedisRateLimiter(Vertx vertx, Redis redis, long timeoutMs, int nodes, RateLimitStats stats, TimeMeter time,
                          long retryNanos) {
    this(vertx, redis, null, timeoutMs, nodes, stats, time, retryNanos);
  }

  /**
   * @param loops where the script calls are pipelined: on each event loop's own connection, written with that loop's
   *              reads of the same turn (at 100,000 rooms read uniformly a call of its own through the pool, one
   *              write each, was ~4 % of the gateway's CPU); {@code null}: through the pool
   */
  public RedisRateLimiter(Vertx vertx, Redis redis, LoopConnections loops, long timeoutMs, int nodes,
                          RateLimitStats stats, TimeMeter time, long retryNanos) {
    this.vertx = vertx;
    this.redis = redis;
    this.loops = loops;
    this.timeoutMs = timeoutMs;
    this.stats = stats;
    this.time = time;
    this.retryNanos = retryNanos;
    this.nodes = nodes;
    this.preFilter = new PolicyStore(time, 1, false, true); // buckets only: windows follow Redis's clock
    this.fallback = new LocalRateLimiter(time, nodes, true);
  }

  /** Optional warm-up: {@code SCRIPT LOAD}, so that the first decisions need no EVAL fallback. */
  public Future<Void> loadScript() {
    return SCRIPT.load(redis);
  }

  @Override
  public Future<RateDecision> tryAcquire(Tenant tenant, String api) {
    return decide(limits.of(tenant, api), 0);
  }

  /** Drops this node's leases, hints, ledgers and shares of a tenant that is gone (what it leased is not returned). */
  @Override
  public void forget(String tenantId) {
    limits.forget(tenantId);
    preFilter.forget(tenantId);
    fallback.forget(tenantId);
    answers.remove(tenantId);
    noTokenBefore.keySet().removeIf(key -> Limit.isKeyOf(key, tenantId));
    leases.keySet().removeIf(key -> Limit.isKeyOf(key, tenantId));
    ledgers.keySet().removeIf(key -> Limit.isKeyOf(key, tenantId));
  }

  /** Entries this node holds for {@code tenantId} in its per-bucket and per-tenant maps (tests). */
  int entriesOf(String tenantId) {
    int n = answers.containsKey(tenantId) ? 1 : 0;
    for (java.util.Map<String, ?> m : List.of(noTokenBefore, leases, ledgers)) {
      n += (int) m.keySet().stream().filter(key -> Limit.isKeyOf(key, tenantId)).count();
    }
    return n + limits.held(tenantId) + (preFilter.holds(tenantId) ? 1 : 0) + (fallback.holds(tenantId) ? 1 : 0);
  }

  /** One read-only script call over every policy of the tenant: nothing is taken, nothing written. */
  @Override
  public Future<List<PolicyUsage>> usage(Tenant tenant) {
    Limit all = Limit.all(tenant);
    return SCRIPT.run(redis, keys(all), args(all, 0, 0))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(r -> RateLimitUsage.report(all, taken(all, r)));
  }

  /** @param waits how often this request already waited for another request's script call on its bucket */
  private Future<RateDecision> decide(Limit limit, int waits) {
    long now = time.currentTimeNanos();
    String key = limit.key();
    // Leased tokens first: Redis already gave them to this node, whatever it says or fails to say now.
    TokenLease lease = leases.computeIfAbsent(key, k -> new TokenLease(now));
    if (waits == 0) {
      lease.demand();
    }
    long left = lease.tryTake(now);
    if (left >= 0) {
      if (lease.runningLow(left) && now >= redisDownUntil) {
        refillAhead(limit, lease, now);
      }
      return Future.succeededFuture(fromLease(limit, lease, left));
    }
    if (now < redisDownUntil) {
      return Future.succeededFuture(onRedisError(limit));
    }
    Hint hint = noTokenBefore.get(key);
    if (hint != null && now < hint.until()) {
      return Future.succeededFuture(RateDecision.limit(limit, hint.policy(), 0,
          RateDecision.ceilSeconds(hint.until() - now), false));
    }
    Future<Void> inFlight = lease.fetching();
    if (inFlight != null && waits < MAX_WAITS) {
      // Another request is already asking Redis for this bucket (for a lease sized for its callers too): wait for
      // that call, which its own deadline bounds, then decide again on this request's own context, whether it
      // answered or not (Redis declared down: the fallback at once; else the lease it filled, its hint, or a call of
      // this request's own). No deadline on the wait as a whole: one sent 218 of 2,000 requests to the fallback on a
      // machine too busy to answer three calls in a row within 250 ms, while no call missed its own.
      Context context = vertx.getOrCreateContext();
      Promise<RateDecision> decided = Promise.promise();
      inFlight.onComplete(x -> context.runOnContext(v -> decide(limit, waits + 1).onComplete(decided)));
      return decided.future();
    }
    Taken pre = preFilter.take(limit, 1);
    if (pre.granted() == 0) {
      return Future.succeededFuture(pre.decide(limit, false, false));
    }
    return fetch(limit, lease, now);
  }

  /** One script call that takes the token of this request and, when this node is busy, a lease for the next ones. */
  private Future<RateDecision> fetch(Limit limit, TokenLease lease, long now) {
    Promise<Void> done = Promise.promise();
    boolean announced = lease.startFetch(done.future());
    // Only the call others wait for takes a lease; a request that found another call in flight (two event loops
    // at once, or one that already waited for two calls) asks for its own token alone, so a node never holds
    // several leases.
    long wanted = announced ? lease.nextSize(now, leaseCap(limit)) : 1;
    OutageLedger ledger = ledger(limit);
    Future<Response> call = takeTokens(limit, ledger, wanted);
    return call.timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .transform(ar -> {
          try {
            if (ar.succeeded()) {
              return Future.succeededFuture(fromRedis(limit, lease, ledger, now, ar.result()));
            }
            refund(limit);
            if (!(ar.cause() instanceof TimeoutException)) {
              redisFailed(ar.cause());
              return Future.succeededFuture(onRedisError(limit));
            }
            RateDecision decided = onRedisError(limit);
            boolean admittedOnOwn = decided.allowed();
            call.onSuccess(late -> lateAnswer(limit, lease, ledger, now, late, admittedOnOwn));
            timedOut(now);
            return Future.succeededFuture(decided);
          } finally {
            if (announced) { // after the lease was filled, so that the waiting requests find its tokens
              lease.endFetch(done.future());
              done.complete();
            }
          }
        });
  }

  /** Fetches the next lease while the current one still answers; no request waits for this call. */
  private void refillAhead(Limit limit, TokenLease lease, long now) {
    Promise<Void> done = Promise.promise();
    if (!lease.startFetch(done.future())) {
      return; // another request started it
    }
    OutageLedger ledger = ledger(limit);
    Future<Response> call = takeTokens(limit, ledger, lease.nextSize(now, leaseCap(limit)));
    call.onSuccess(r -> record(limit, lease, ledger, now, r, 0)); // whenever it comes: its tokens are this node's
    call.timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          try {
            if (ar.failed()) {
              if (ar.cause() instanceof TimeoutException) {
                timedOut(now);
              } else {
                redisFailed(ar.cause());
              }
            }
          } finally {
            lease.endFetch(done.future());
            done.complete();
          }
        });
  }

  /**
   * At most an eighth of this node's share of the smallest policy is leased at once (a small burst or quota never
   * leases), and the script never grants more than the smallest remaining room: a quota cannot be over-admitted
   * through leases, and tokens a lease drops unused stay few.
   */
  private long leaseCap(Limit limit) {
    return Math.max(1, limit.smallestCapacity() / (8L * nodes * limit.cost()));
  }

  private void refund(Limit limit) {
    preFilter.give(limit, limit.cost()); // the pre-filter counts only what Redis admitted
  }

  private static List<String> keys(Limit limit) {
    List<String> keys = new ArrayList<>(limit.policies().size());
    limit.policies().forEach(p -> keys.add(RedisKeys.rateLimit(limit.tenantId(), p.scope())));
    return keys;
  }

  /** The script's arguments: Redis's clock, cost, requests wanted, tokens owed, then each policy's triple. */
  private static List<Object> args(Limit limit, long wanted, long owed) {
    List<Object> args = new ArrayList<>(4 + 3 * limit.policies().size());
    args.add("");
    args.add(limit.cost());
    args.add(wanted);
    args.add(owed);
    for (Policy p : limit.policies()) {
      args.add(p.amount());
      args.add(p.windowSeconds());
      args.add(p.capacity());
    }
    return args;
  }

  /** A script answer as a {@link Taken}. */
  private static Taken taken(Limit limit, Response r) {
    int n = limit.policies().size();
    long[] remaining = new long[n];
    long[] reset = new long[n];
    long[] wait = new long[n];
    for (int i = 0; i < n; i++) {
      remaining[i] = r.get(1 + 3 * i).toLong();
      reset[i] = r.get(2 + 3 * i).toLong() * 1_000_000L;
      wait[i] = r.get(3 + 3 * i).toLong() * 1_000L;
    }
    return new Taken(r.get(0).toLong(), remaining, reset, wait);
  }

  /**
   * The script call: up to {@code wanted} tokens from the shared bucket, paying first what this node owes it. The
   * future completes whenever Redis answers; callers put their own deadline on it.
   */
  private Future<Response> takeTokens(Limit limit, OutageLedger ledger, long wanted) {
    long owed = ledger.takeOwed();
    Future<Response> call = loops != null ? SCRIPT.run(loops, keys(limit), args(limit, wanted, owed))
        : SCRIPT.run(redis, keys(limit), args(limit, wanted, owed));
    return call.onComplete(ar -> {
      if (ar.succeeded()) {
        timeoutsInARow.set(0);
        timeoutsSentFrom = Long.MAX_VALUE;
      } else if (owed > 0) {
        ledger.owe(owed); // not paid: the next call pays it
      }
    });
  }

  /**
   * The answer of a call whose request was already decided without Redis: its tokens go to the lease, except one
   * that pays for the request if that was admitted on its own (and is still owed).
   */
  private void lateAnswer(Limit limit, TokenLease lease, OutageLedger ledger, long sentAt, Response r,
                          boolean admittedOnOwn) {
    long spent = admittedOnOwn && r.get(0).toLong() > 0 && ledger.forgive(limit.cost()) ? 1 : 0;
    record(limit, lease, ledger, sentAt, r, spent);
  }

  /**
   * Takes in a script answer: the requests granted go to the lease, less the {@code spentNow} its caller uses at
   * once; none granted leaves the denial hint.
   */
  private Taken record(Limit limit, TokenLease lease, OutageLedger ledger, long sentAt, Response r, long spentNow) {
    if (down) {
      down = false;
      LOG.info("rate limiter: Redis answers again; limits are shared again");
    }
    Taken t = taken(limit, r);
    long least = t.leastRemaining();
    ledger.heard(least);
    answersOf(limit).incrementAndGet(); // the tenant's next fallback decision starts a new outage
    if (t.granted() > 0) {
      RateDecision reported = t.decide(limit, true, false);
      // The lease lives from now, not from the send: a late answer's tokens are not expired on arrival.
      lease.deposit(t.granted() - spentNow, t.granted(), time.currentTimeNanos(), reported.policy(),
          reported.remaining(), reported.resetSeconds(), limit.cost());
    } else {
      RateDecision blocked = t.decide(limit, false, false);
      noTokenBefore.put(limit.key(), new Hint(sentAt + t.longestWaitNanos(), blocked.policy()));
    }
    return t;
  }

  private RateDecision fromRedis(Limit limit, TokenLease lease, OutageLedger ledger, long sentAt, Response r) {
    Taken t = record(limit, lease, ledger, sentAt, r, 1); // this request spends one of them now
    if (t.granted() > 0) {
      RateDecision d = t.decide(limit, true, false);
      // what this node leased is still room, only held here
      return RateDecision.allow(limit, d.policy(), d.remaining() + (t.granted() - 1) * limit.cost(),
          d.resetSeconds(), false);
    }
    long left = lease.tryTake(time.currentTimeNanos()); // another call may have leased tokens meanwhile
    if (left >= 0) {
      return fromLease(limit, lease, left);
    }
    refund(limit);
    return t.decide(limit, false, false);
  }

  /** A decision answered from this node's lease, {@code left} requests remaining in it. */
  private static RateDecision fromLease(Limit limit, TokenLease lease, long left) {
    return RateDecision.allow(limit, lease.policy(), lease.remaining(left), lease.resetSeconds(), false);
  }

  private OutageLedger ledger(Limit limit) {
    OutageLedger l = ledgers.get(limit.key());
    return l != null ? l : ledgers.computeIfAbsent(limit.key(), k -> new OutageLedger());
  }

  /** A call failed with an error: that is evidence enough. */
  private void redisFailed(Throwable cause) {
    stats.backendError();
    markDown(cause.getMessage());
  }

  /**
   * A call sent at {@code sentAt} missed its deadline: an outage only after several in a row, sent over at least the
   * timeout (races between event loops may blur a count by one; that only moves the moment, not the rule).
   */
  private void timedOut(long sentAt) {
    stats.backendError();
    int inARow = timeoutsInARow.incrementAndGet();
    long from = Math.min(timeoutsSentFrom, sentAt);
    timeoutsSentFrom = from;
    long spanNanos = sentAt - from;
    if (inARow >= TIMEOUTS_FOR_OUTAGE && spanNanos >= TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
      markDown("no answer to " + inARow + " calls sent over " + TimeUnit.NANOSECONDS.toMillis(spanNanos) + " ms");
    }
  }

  private void markDown(String why) {
    redisDownUntil = time.currentTimeNanos() + retryNanos;
    if (!down) {
      down = true;
      LOG.warning("rate limiter: Redis failed (" + why + "); tenants' on_redis_error policies apply until it "
          + "answers again");
    }
  }

  /**
   * The tenant's {@code on_redis_error} policy, decided here once for every path that cannot reach Redis. What it
   * admits is owed to the shared bucket.
   */
  private RateDecision onRedisError(Limit limit) {
    OutageLedger ledger = ledger(limit);
    RateDecision d = switch (limit.onRedisError()) {
      // Each node enforces its share, qps/nodes: together about the limit, and no node can be flooded. Its bucket
      // starts from this node's share of what Redis last said was left: a full one would admit a share of the
      // burst on top of what the shared bucket already gave out.
      case LOCAL -> {
        // less what this node admitted on its own and has not paid yet: Redis's count does not know of it, and a
        // quota does not refill to hide a share granted twice. Started once per outage (until Redis answers again)
        // in the same atomic update as the decisions: a decision on another event loop while one started the
        // bucket once found it not yet started, empty, and refused a request of a tenant allowed 100,000/s.
        long left = ledger.lastRemaining();
        fallback.restartOnce(limit, left == OutageLedger.NEVER_HEARD ? 0 : Math.max(0, left - ledger.owed()) / nodes,
            answersOf(limit).get());
        yield fallback.decide(limit);
      }
      // Availability over the limit, on the operator's explicit choice; nothing counted, so no "RateLimit" field.
      case OPEN -> RateDecision.allow(limit, limit.policies().get(0).name(), RateDecision.UNKNOWN, 0, true);
      // The limit over availability: nothing passes unless Redis can vouch for it.
      case CLOSED -> RateDecision.limit(limit, limit.policies().get(0).name(), 0,
          RateDecision.ceilSeconds(Math.max(retryNanos, 1)), true);
    };
    if (d.allowed()) {
      ledger.owe(limit.cost());
    }
    return d;
  }

  private AtomicLong answersOf(Limit limit) {
    AtomicLong a = answers.get(limit.tenantId());
    return a != null ? a : answers.computeIfAbsent(limit.tenantId(), k -> new AtomicLong());
  }

  /** Tokens this node owes the shared bucket of {@code tenant}'s {@code api} (tests). */
  long owed(Tenant tenant, String api) {
    OutageLedger l = ledgers.get(limits.of(tenant, api).key());
    return l == null ? 0 : l.owed();
  }
}
