package io.roomgate.auth.replay;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The replay check of a request whose signature (over timestamp, nonce and body) already verified: its timestamp must
 * lie within ±window of this gateway's clock, and its nonce must not have been used while that timestamp was valid.
 * The nonce is remembered until the timestamp leaves the window; after that the timestamp alone refuses the replay.
 *
 * <p>When the nonce store cannot answer (Redis away), the request is refused ({@link Outcome#BACKEND_ERROR}): a
 * tenant that asked for replay protection is better served by a retry than by a request that may be a replay.
 */
public final class ReplayGuard {
  /** Every decision, counted as {@code roomgate_replay_checks_total{outcome}}. */
  public enum Outcome {
    OK("ok"), MISSING("missing"), MALFORMED("malformed"), STALE("stale"), REUSED("reused"),
    FULL("full"), BACKEND_ERROR("backend_error");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** What the check decided; {@code message} is safe to send to the caller. */
  public record Verdict(Outcome outcome, String message) {
    static final Verdict OK = new Verdict(Outcome.OK, null);
  }

  private final NonceStore nonces;
  private final Clock clock;
  private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);

  public ReplayGuard(NonceStore nonces, Clock clock) {
    this.nonces = nonces;
    this.clock = clock;
    for (Outcome o : Outcome.values()) {
      counts.put(o, new LongAdder());
    }
  }

  /** Reads the stamp headers; a missing or malformed one is counted here. */
  public ReplayStamp read(String timestamp, String nonce) throws ReplayStamp.Invalid {
    try {
      return ReplayStamp.parse(timestamp, nonce);
    } catch (ReplayStamp.Invalid e) {
      counts.get(e.missing() ? Outcome.MISSING : Outcome.MALFORMED).increment();
      throw e;
    }
  }

  /** Checks the window and records the nonce; never a failed future. */
  public Future<Verdict> admit(String tenantId, int windowSeconds, ReplayStamp stamp) {
    long nowMs = clock.millis();
    long windowMs = windowSeconds * 1000L;
    long stampMs = stamp.timestamp() * 1000L;
    if (Math.abs(nowMs - stampMs) > windowMs) {
      return Future.succeededFuture(count(new Verdict(Outcome.STALE, ReplayStamp.TIMESTAMP_HEADER
          + " is outside the allowed window of " + windowSeconds + " seconds; check the client's clock.")));
    }
    // until the stamp leaves the window, plus the second the client's rounding may hide
    long ttlMs = stampMs + windowMs - nowMs + 1_000;
    return nonces.firstUse(tenantId, stamp.nonce(), ttlMs).map(first -> count(first ? Verdict.OK
            : new Verdict(Outcome.REUSED, ReplayStamp.NONCE_HEADER + " was already used; send a new nonce.")))
        .otherwise(e -> count(e instanceof NonceStore.Full
            ? new Verdict(Outcome.FULL, "too many requests inside the replay window; try again later.")
            : new Verdict(Outcome.BACKEND_ERROR, "replay check unavailable; try again.")));
  }

  /** Counters by outcome label, for the metrics registry. */
  public Map<String, LongSupplier> counters() {
    Map<String, LongSupplier> out = new java.util.LinkedHashMap<>();
    counts.forEach((o, n) -> out.put(o.label(), n::sum));
    return out;
  }

  long count(Outcome outcome) {
    return counts.get(outcome).sum();
  }

  private Verdict count(Verdict v) {
    counts.get(v.outcome()).increment();
    return v;
  }
}
