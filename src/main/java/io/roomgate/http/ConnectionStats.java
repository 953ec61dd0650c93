package io.roomgate.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The open connections of one listener across all its event loops, its cap, and why connections were cut. Shared by
 * the {@link ConnectionGuard}s of one listener (one per event loop); lock-free.
 */
public final class ConnectionStats {
  /** Why a connection was closed as soon as it was accepted; the {@code reason} label. */
  public enum Rejection {
    /** {@code server.max_connections} were already open. */
    MAX_CONNECTIONS("max_connections"),
    /** {@code server.proxy_protocol} is on and the peer is not in {@code server.trusted_proxies}. */
    UNTRUSTED_PROXY("untrusted_proxy");

    public final String label;

    Rejection(String label) {
      this.label = label;
    }
  }

  /** What a connection was waiting for when its time ran out; the {@code phase} label. */
  public enum Phase {
    /** The first request's headers ({@code server.header_timeout_ms} from accept). */
    HEADERS("headers"),
    /** A request's body ({@code server.body_timeout_ms} from its headers). */
    BODY("body"),
    /** The next request's headers on a kept-alive connection (idle timeout + header timeout after the last answer). */
    KEEP_ALIVE("keep_alive");

    public final String label;

    Phase(String label) {
      this.label = label;
    }
  }

  private final int max;
  private final AtomicLong open = new AtomicLong();
  private final Map<Rejection, LongAdder> rejected = new EnumMap<>(Rejection.class);
  private final Map<Phase, LongAdder> timedOut = new EnumMap<>(Phase.class);

  /** @param max connections this listener holds at once */
  public ConnectionStats(int max) {
    this.max = max;
    for (Rejection r : Rejection.values()) {
      rejected.put(r, new LongAdder());
    }
    for (Phase p : Phase.values()) {
      timedOut.put(p, new LongAdder());
    }
  }

  /** Counts a new connection if there is room for it; {@code false} (and nothing counted) at the cap. */
  boolean tryOpen() {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  void closed() {
    open.decrementAndGet();
  }

  void rejected(Rejection reason) {
    rejected.get(reason).increment();
  }

  void timedOut(Phase phase) {
    timedOut.get(phase).increment();
  }

  /** Connections open now, from accept to close. */
  public long open() {
    return open.get();
  }

  /** Connections closed at accept, by {@code reason} label; every reason present from the start. */
  public Map<String, LongSupplier> rejections() {
    Map<String, LongSupplier> out = new java.util.LinkedHashMap<>();
    rejected.forEach((r, n) -> out.put(r.label, n::sum));
    return out;
  }

  /** Connections cut for a slow client, by {@code phase} label; every phase present from the start. */
  public Map<String, LongSupplier> timeouts() {
    Map<String, LongSupplier> out = new java.util.LinkedHashMap<>();
    timedOut.forEach((p, n) -> out.put(p.label, n::sum));
    return out;
  }
}
