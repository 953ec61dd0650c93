package io.roomgate.auth.replay;

import io.roomgate.testsupport.TestClock;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window and nonce rules of replay-safe signing, on a clock the test moves and the in-process nonce store. */
class ReplayGuardTest {
  private static final long T0 = 1_800_000_000L;
  private static final String NONCE = "abcdefghijklmnop";
  private final TestClock clock = TestClock.atSeconds(T0);
  private final InMemoryNonceStore store = new InMemoryNonceStore(clock, 3);
  private final ReplayGuard guard = new ReplayGuard(store, clock);

  @Test
  void aFreshStampPassesOnceAndItsReplayIsRefused() {
    assertEquals(ReplayGuard.Outcome.OK, admit(T0, NONCE).outcome());
    ReplayGuard.Verdict again = admit(T0, NONCE);
    assertEquals(ReplayGuard.Outcome.REUSED, again.outcome());
    assertTrue(again.message().contains("X-Roomgate-Nonce"), again.message());
    assertEquals(1, guard.count(ReplayGuard.Outcome.OK));
    assertEquals(1, guard.count(ReplayGuard.Outcome.REUSED));
  }

  @Test
  void timestampsOutsideTheWindowAreRefusedOnBothSides() {
    // window 60 s: T0-60 and T0+60 are the edges, one second further is out
    assertEquals(ReplayGuard.Outcome.OK, admit(T0 - 60, "edge-past-000000001").outcome());
    assertEquals(ReplayGuard.Outcome.OK, admit(T0 + 60, "edge-future-0000001").outcome());
    ReplayGuard.Verdict past = admit(T0 - 61, "too-old-0000000001");
    assertEquals(ReplayGuard.Outcome.STALE, past.outcome());
    assertTrue(past.message().contains("X-Roomgate-Timestamp") && past.message().contains("60"), past.message());
    assertEquals(ReplayGuard.Outcome.STALE, admit(T0 + 61, "too-new-0000000001").outcome());
    assertEquals(2, guard.count(ReplayGuard.Outcome.STALE));
  }

  @Test
  void aNonceIsRememberedUntilItsTimestampLeavesTheWindow() {
    assertEquals(ReplayGuard.Outcome.OK, admit(T0, NONCE).outcome());
    clock.advanceMillis(60_000);       // T0+60: the stamp is at the window's edge, the nonce still remembered
    assertEquals(ReplayGuard.Outcome.REUSED, admit(T0, NONCE).outcome());
    clock.advanceMillis(1_000);        // T0+61: the timestamp alone refuses it now
    assertEquals(ReplayGuard.Outcome.STALE, admit(T0, NONCE).outcome());
    // the same nonce with a new timestamp is a new request once the old entry expired
    clock.advanceMillis(1_000);
    assertEquals(ReplayGuard.Outcome.OK, admit(T0 + 62, NONCE).outcome());
  }

  @Test
  void aFullShareRefusesInsteadOfForgettingLiveNonces() {
    for (int i = 0; i < 3; i++) {
      assertEquals(ReplayGuard.Outcome.OK, admit(T0, "nonce-number-00000" + i).outcome());
    }
    assertEquals(ReplayGuard.Outcome.FULL, admit(T0, "nonce-number-000009").outcome());
    // another tenant has its own share
    assertEquals(ReplayGuard.Outcome.OK, guard.admit("other", 60, new ReplayStamp(T0, "nonce-number-000009"))
        .result().outcome());
    // a replay of a live nonce is still a replay, not a "full"
    assertEquals(ReplayGuard.Outcome.REUSED, admit(T0, "nonce-number-000000").outcome());
    clock.advanceMillis(62_000);       // all three expired: swept, room again
    assertEquals(ReplayGuard.Outcome.OK, admit(T0 + 62, "nonce-number-000009").outcome());
    assertEquals(1, store.size("acme"));
  }

  @Test
  void aStoreThatCannotAnswerRefusesTheRequest() {
    ReplayGuard down = new ReplayGuard((t, n, ttl) -> Future.failedFuture("redis away"), clock);
    assertEquals(ReplayGuard.Outcome.BACKEND_ERROR,
        down.admit("acme", 60, new ReplayStamp(T0, NONCE)).result().outcome());
    assertEquals(1, down.count(ReplayGuard.Outcome.BACKEND_ERROR));
  }

  @Test
  void theTtlCoversTheRestOfTheWindowPlusASecond() {
    long[] ttl = {0};
    ReplayGuard seeing = new ReplayGuard((t, n, ms) -> {
      ttl[0] = ms;
      return Future.succeededFuture(true);
    }, clock);
    seeing.admit("acme", 60, new ReplayStamp(T0 - 20, NONCE));
    assertEquals(41_000, ttl[0]);      // valid until T0-20+60 = T0+40, and one second for rounding
  }

  @Test
  void headersAreReadStrictlyAndNamed() throws ReplayStamp.Invalid {
    assertEquals(new ReplayStamp(T0, NONCE), ReplayStamp.parse(Long.toString(T0), NONCE));
    assertInvalid(true, "X-Roomgate-Timestamp", null, NONCE);
    assertInvalid(true, "X-Roomgate-Nonce", "1", "");
    assertInvalid(false, "X-Roomgate-Timestamp", "-1", NONCE);
    assertInvalid(false, "X-Roomgate-Timestamp", "1.5", NONCE);
    assertInvalid(false, "X-Roomgate-Timestamp", "999999999999", NONCE);   // 12 digits
    assertInvalid(false, "X-Roomgate-Nonce", "1", "short");
    assertInvalid(false, "X-Roomgate-Nonce", "1", "a".repeat(65));
    assertInvalid(false, "X-Roomgate-Nonce", "1", "has/slash/0000000");
    assertEquals("a".repeat(64), ReplayStamp.parse("1", "a".repeat(64)).nonce());
    assertEquals("A-z_0123456789abc", ReplayStamp.parse("1", "A-z_0123456789abc").nonce());
    assertEquals("1\nabcdefghijklmnop\n",
        new String(new ReplayStamp(1, NONCE).signedPrefix(), java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void guardCountsMissingAndMalformedHeaders() {
    assertThrows(ReplayStamp.Invalid.class, () -> guard.read(null, NONCE));
    assertThrows(ReplayStamp.Invalid.class, () -> guard.read("x", NONCE));
    assertEquals(1, guard.count(ReplayGuard.Outcome.MISSING));
    assertEquals(1, guard.count(ReplayGuard.Outcome.MALFORMED));
    assertEquals(7, guard.counters().size());
  }

  private static void assertInvalid(boolean missing, String names, String ts, String nonce) {
    ReplayStamp.Invalid e = assertThrows(ReplayStamp.Invalid.class, () -> ReplayStamp.parse(ts, nonce));
    assertEquals(missing, e.missing());
    assertTrue(e.getMessage().contains(names), e.getMessage());
    assertFalse(nonce != null && nonce.length() > 3 && e.getMessage().contains(nonce), "echoes the header");
  }

  private ReplayGuard.Verdict admit(long ts, String nonce) {
    Future<ReplayGuard.Verdict> f = guard.admit("acme", 60, new ReplayStamp(ts, nonce));
    assertTrue(f.isComplete(), "the in-process store answers at once");
    return f.result();
  }
}
