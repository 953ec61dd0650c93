package io.roomgate.limit;

import io.github.bucket4j.TimeMeter;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * In-process state of every policy of every tenant, taken all or nothing: the in-process twin of
 * {@code ratelimit/policies.lua}, with the same arithmetic.
 *
 * <p>Lock-free: a tenant's state is one immutable snapshot (its policies' levels side by side) replaced by
 * compare-and-set, so a request that draws from the API's bucket, the tenant's bucket and a quota either takes from
 * all of them or from none, without a lock on the event loop. State is keyed by policy scope, not by limit: a hot
 * reload that changes a limit applies to the running state, without resetting what was used.
 *
 * <p>With {@code divisor = n} each policy is its {@code 1/n} share (rate and capacity of a bucket, a quota's limit):
 * a node's share while Redis is down. State that is new then starts empty, never full (see {@link #set}).
 */
final class PolicyStore {
  private static final long NEW = Long.MIN_VALUE;
  private static final double NANOS = 1e9;

  /**
   * Per scope: a bucket's tokens and last refill (nanos), or a window's used tokens and start (epoch nanos), and the
   * outage it was last started for ({@link #startOnce}).
   */
  private record Snap(String[] scopes, double[] level, long[] stamp, long[] started) {
    int indexOf(String scope) {
      for (int i = 0; i < scopes.length; i++) {
        if (scopes[i].equals(scope)) {
          return i;
        }
      }
      return -1;
    }
  }

  private static final Snap EMPTY = new Snap(new String[0], new double[0], new long[0], new long[0]);

  private final TimeMeter time;
  private final int divisor;
  private final boolean startEmpty;
  private final boolean bucketsOnly;
  private final ConcurrentHashMap<String, AtomicReference<Snap>> tenants = new ConcurrentHashMap<>();

  /**
   * @param time        epoch-based nanoseconds (windows align to the epoch)
   * @param divisor     the share: 1 = the whole limit
   * @param startEmpty  new state starts with no room (a fallback share), else full
   * @param bucketsOnly leave quotas out (the distributed limiter's pre-filter: Redis's clock decides windows)
   */
  PolicyStore(TimeMeter time, int divisor, boolean startEmpty, boolean bucketsOnly) {
    if (divisor < 1) {
      throw new IllegalArgumentException("divisor must be at least 1");
    }
    this.time = time;
    this.divisor = divisor;
    this.startEmpty = startEmpty;
    this.bucketsOnly = bucketsOnly;
  }

  /** Takes up to {@code wanted} requests' tokens from every policy of {@code limit}, all or none; 0 only reads. */
  Taken take(Limit limit, long wanted) {
    AtomicReference<Snap> ref = ref(limit.tenantId());
    List<Policy> ps = limit.policies();
    int n = ps.size();
    while (true) {
      long now = time.currentTimeNanos();
      Snap old = ref.get();
      Snap s = withScopes(old, ps);
      double[] level = s.level().clone();
      long[] stamp = s.stamp().clone();
      int[] at = new int[n];
      long granted = wanted;
      for (int i = 0; i < n; i++) {
        Policy p = ps.get(i);
        if (skip(p)) {
          continue;
        }
        int j = s.indexOf(p.scope());
        at[i] = j;
        advance(p, level, stamp, j, now);
        granted = Math.min(granted, (long) Math.floor(room(p, level[j]) / limit.cost()));
      }
      granted = Math.max(0, granted);
      long[] remaining = new long[n];
      long[] reset = new long[n];
      long[] wait = new long[n];
      for (int i = 0; i < n; i++) {
        Policy p = ps.get(i);
        if (skip(p)) {
          remaining[i] = Long.MAX_VALUE;
          continue;
        }
        int j = at[i];
        double taken = (double) granted * limit.cost();
        level[j] += p.isWindow() ? taken : -taken;
        double room = room(p, level[j]);
        remaining[i] = (long) Math.floor(room);
        if (p.isWindow()) {
          reset[i] = stamp[j] + p.windowSeconds() * 1_000_000_000L - now;
          wait[i] = room >= limit.cost() ? 0 : reset[i];
        } else {
          double rate = rate(p);
          reset[i] = (long) Math.ceil((capacity(p) - level[j]) * NANOS / rate);
          wait[i] = room >= limit.cost() ? 0 : (long) Math.floor((limit.cost() - level[j]) * NANOS / rate);
        }
      }
      if (granted == 0 && old == s) {
        return new Taken(0, remaining, reset, wait); // nothing changed that must be kept
      }
      if (ref.compareAndSet(old, new Snap(s.scopes(), level, stamp, s.started()))) {
        return new Taken(granted, remaining, reset, wait);
      }
    }
  }

  /** Gives {@code tokens} back to every policy of {@code limit} (a take that did not count after all). */
  void give(Limit limit, long tokens) {
    update(limit, (p, level, stamp, j) -> level[j] += p.isWindow() ? -Math.min(tokens, level[j]) : tokens);
  }

  /**
   * Sets every policy of {@code limit} to hold {@code tokens} (at most its capacity), a fallback share's start, once
   * per {@code outage} and policy: a policy already started for this outage is left as it is
   * (what decisions took from it stays taken), any other is set. Checked and set in the same atomic update as every
   * decision, so no decision of the outage, on whatever event loop, finds one of its policies not yet started.
   *
   * @param outage a number that changes only between outages (the distributed limiter counts Redis's answers)
   */
  void startOnce(Limit limit, long tokens, long outage) {
    AtomicReference<Snap> ref = ref(limit.tenantId());
    List<Policy> ps = limit.policies();
    while (true) {
      Snap old = ref.get();
      Snap s = withScopes(old, ps);
      long[] started = null;
      for (Policy p : ps) {
        int j = s.indexOf(p.scope());
        if (!skip(p) && s.started()[j] != outage) {
          started = started != null ? started : s.started().clone();
          started[j] = outage;
        }
      }
      if (started == null) {
        return; // the hot path of an outage: every policy already started, nothing written
      }
      long now = time.currentTimeNanos();
      double[] level = s.level().clone();
      long[] stamp = s.stamp().clone();
      for (Policy p : ps) {
        int j = s.indexOf(p.scope());
        if (started[j] == outage && s.started()[j] != outage) {
          advance(p, level, stamp, j, now);
          long room = Math.max(0, Math.min(capacity(p), tokens));
          level[j] = p.isWindow() ? capacity(p) - room : room;
        }
      }
      if (ref.compareAndSet(old, new Snap(s.scopes(), level, stamp, started))) {
        return;
      }
    }
  }

  /** Drops every policy's state of {@code tenantId}. */
  void forget(String tenantId) {
    tenants.remove(tenantId);
  }

  /** Whether this store holds state of {@code tenantId} (tests). */
  boolean holds(String tenantId) {
    return tenants.containsKey(tenantId);
  }

  /** Tokens available now in the policy of {@code limit} with the least (tests). */
  long available(Limit limit) {
    return take(limit, 0).leastRemaining();
  }

  private interface Change {
    void apply(Policy p, double[] level, long[] stamp, int j);
  }

  private void update(Limit limit, Change change) {
    AtomicReference<Snap> ref = ref(limit.tenantId());
    List<Policy> ps = limit.policies();
    while (true) {
      long now = time.currentTimeNanos();
      Snap old = ref.get();
      Snap s = withScopes(old, ps);
      double[] level = s.level().clone();
      long[] stamp = s.stamp().clone();
      for (Policy p : ps) {
        if (skip(p)) {
          continue;
        }
        int j = s.indexOf(p.scope());
        advance(p, level, stamp, j, now);
        change.apply(p, level, stamp, j);
        level[j] = Math.min(Math.max(level[j], 0), p.isWindow() ? Double.MAX_VALUE : capacity(p));
      }
      if (ref.compareAndSet(old, new Snap(s.scopes(), level, stamp, s.started()))) {
        return;
      }
    }
  }

  private boolean skip(Policy p) {
    return bucketsOnly && p.isWindow();
  }

  /** Brings slot {@code j} to {@code now}: refill a bucket, start a new window. */
  private void advance(Policy p, double[] level, long[] stamp, int j, long now) {
    if (p.isWindow()) {
      long w = p.windowSeconds() * 1_000_000_000L;
      long start = Math.floorDiv(now, w) * w;
      if (stamp[j] == NEW) {
        level[j] = startEmpty ? capacity(p) : 0;
        stamp[j] = start;
      } else if (stamp[j] < start) {
        level[j] = 0; // a new window
        stamp[j] = start;
      } else if (stamp[j] > start && stamp[j] % w != 0) {
        stamp[j] = start; // a reload made the window longer: what was used stays, in the window that holds now
      } // else the same window, or the clock went back: the window stays

      return;
    }
    if (stamp[j] == NEW) {
      level[j] = startEmpty ? 0 : capacity(p);
      stamp[j] = now;
      return;
    }
    level[j] = Math.min(capacity(p), level[j]); // a reload may have made the bucket smaller
    if (now > stamp[j]) {
      level[j] = Math.min(capacity(p), level[j] + (now - stamp[j]) * rate(p) / NANOS);
      stamp[j] = now;
    }
  }

  private double room(Policy p, double level) {
    return p.isWindow() ? capacity(p) - level : level;
  }

  /** Tokens per second of a bucket's share. */
  private double rate(Policy p) {
    return (double) p.amount() / divisor;
  }

  /** A bucket's or a quota's share: at least one token. */
  private long capacity(Policy p) {
    return Math.max(1, (p.capacity() + divisor - 1) / divisor);
  }

  private static Snap withScopes(Snap s, List<Policy> ps) {
    Snap out = s;
    for (Policy p : ps) {
      if (out.indexOf(p.scope()) < 0) {
        int n = out.scopes().length;
        String[] scopes = java.util.Arrays.copyOf(out.scopes(), n + 1);
        double[] level = java.util.Arrays.copyOf(out.level(), n + 1);
        long[] stamp = java.util.Arrays.copyOf(out.stamp(), n + 1);
        long[] started = java.util.Arrays.copyOf(out.started(), n + 1);
        scopes[n] = p.scope();
        stamp[n] = NEW;
        started[n] = NEW;
        out = new Snap(scopes, level, stamp, started);
      }
    }
    return out;
  }

  private AtomicReference<Snap> ref(String tenantId) {
    AtomicReference<Snap> r = tenants.get(tenantId);
    return r != null ? r : tenants.computeIfAbsent(tenantId, k -> new AtomicReference<>(EMPTY));
  }
}
