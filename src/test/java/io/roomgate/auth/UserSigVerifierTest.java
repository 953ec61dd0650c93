package io.roomgate.auth;

import io.roomgate.auth.UserSigVerifier.Outcome;
import io.roomgate.testsupport.TestClock;
import io.roomgate.testsupport.UserSigs;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TLSSigAPIv2 verifier against the spec's vectors (spec/tencent-live-room.md §2), every outcome, and its cache. */
class UserSigVerifierTest {
  // The spec's vectors: the public demo key of the official repositories' tests.
  static final String KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
  static final long APP = 1400000000L;
  static final String ID = "xiaojun";
  static final long TIME = 1700000000L;
  static final long EXPIRE = 15552000L;
  static final String TOKEN = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMikVhRkFqUCxU1NTY3goiWZuSAxc1S1xZnpQJN9yhzNU-Q9y83Tg4vzirPLwqqcXAL8nZ1dkkr9nMtN3D3KQ5wNkjILtJ1MbJVqAa3HMfI_";

  private final TestClock clock = TestClock.atSeconds(TIME + 60);
  private final UserSigVerifier verifier = new UserSigVerifier(clock);

  @Nested
  class SpecVectors {
    @Test
    void macOfTheFourLines() {
      assertEquals("LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=",
          b64(UserSigVerifier.hmac(KEY, ID, APP, TIME, EXPIRE, null)));
    }

    @Test
    void macWithAUserbufLine() {
      assertEquals("QjT201xPkXk/aM1e+y0vakZb0K2iPrFue++0s5y6bFM=",
          b64(UserSigVerifier.hmac(KEY, ID, APP, TIME, EXPIRE, "YWJj")));
    }

    @Test
    void fullTokenDecodesToItsFields() {
      UserSigVerifier.Document doc = UserSigVerifier.decode(TOKEN);
      assertEquals(ID, doc.identifier());
      assertEquals(APP, doc.sdkAppId());
      assertEquals(TIME, doc.time());
      assertEquals(EXPIRE, doc.expire());
      assertNull(doc.userBuf());
      assertArrayEquals(Base64.getDecoder().decode("LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4="), doc.sig());
    }

    @Test
    void fullTokenVerifiesUntilTheLastSecondOfItsLifetime() {
      assertEquals(Outcome.OK, verifier.verify(TOKEN, APP, ID, KEY));
      clock.setSeconds(TIME + EXPIRE); // now == time + expire: still valid (expired only when now > time + expire)
      assertEquals(Outcome.OK, new UserSigVerifier(clock).verify(TOKEN, APP, ID, KEY));
      clock.setSeconds(TIME + EXPIRE + 1);
      assertEquals(Outcome.EXPIRED, new UserSigVerifier(clock).verify(TOKEN, APP, ID, KEY));
    }

    @Test
    void anotherSerialisationOfTheSameSigVerifiesToo() {
      // Different JSON key order and zlib settings give other bytes; verification reads fields, never re-encodes.
      String other = UserSigs.escape(Base64.getEncoder().encodeToString(UserSigs.deflate(
          ("{\"TLS.sig\":\"LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=\",\"TLS.time\":1700000000,"
              + "\"TLS.expire\":15552000,\"TLS.sdkappid\":1400000000,\"TLS.identifier\":\"xiaojun\",\"TLS.ver\":\"2.0\"}\n")
              .getBytes(StandardCharsets.UTF_8))));
      assertTrue(!other.equals(TOKEN));
      assertEquals(Outcome.OK, verifier.verify(other, APP, ID, KEY));
    }
  }

  @Nested
  class Outcomes {
    @Test
    void codesAreTencents() {
      assertEquals(0, Outcome.OK.code());
      assertEquals(70001, Outcome.EXPIRED.code());
      assertEquals(70003, Outcome.MALFORMED.code());
      assertEquals(70009, Outcome.SIG_MISMATCH.code());
      assertEquals(70013, Outcome.IDENTIFIER_MISMATCH.code());
      assertEquals(70014, Outcome.SDKAPPID_MISMATCH.code());
    }

    @Test
    void wrongKeyIs70009() {
      assertEquals(Outcome.SIG_MISMATCH, verifier.verify(TOKEN, APP, ID, KEY.replace('5', '6')));
    }

    @Test
    void otherIdentifierIs70013() {
      assertEquals(Outcome.IDENTIFIER_MISMATCH, verifier.verify(TOKEN, APP, "administrator", KEY));
    }

    @Test
    void otherAppIs70014() {
      assertEquals(Outcome.SDKAPPID_MISMATCH, verifier.verify(TOKEN, APP + 1, ID, KEY));
    }

    @Test
    void appIsCheckedBeforeIdentifierAndExpiryBeforeTheMac() {
      clock.setSeconds(TIME + EXPIRE + 1);
      assertEquals(Outcome.SDKAPPID_MISMATCH, verifier.verify(TOKEN, APP + 1, "other", "wrong-key"));
      assertEquals(Outcome.IDENTIFIER_MISMATCH, verifier.verify(TOKEN, APP, "other", "wrong-key"));
      assertEquals(Outcome.EXPIRED, verifier.verify(TOKEN, APP, ID, "wrong-key"));
    }

    @Test
    void tamperedFieldsFailTheMac() {
      String longer = UserSigs.encode(doc().put("TLS.expire", EXPIRE * 2));
      assertEquals(Outcome.SIG_MISMATCH, verifier.verify(longer, APP, ID, KEY));
    }

    @Test
    void unreadableTokensAre70003() {
      for (String bad : new String[] {
          "",
          "not base64 !!!",
          TOKEN.substring(0, 40),                                                       // truncated stream
          UserSigs.escape(Base64.getEncoder().encodeToString("plain".getBytes())),     // not zlib
          UserSigs.escape(Base64.getEncoder().encodeToString(UserSigs.deflate("not json".getBytes()))),
          UserSigs.escape(Base64.getEncoder().encodeToString(UserSigs.deflate("[1,2]".getBytes()))),
          UserSigs.encode(doc().put("TLS.sig", (Object) null)),                         // no sig
          UserSigs.encode(doc().put("TLS.sdkappid", "14x")),                            // mistyped app
          UserSigs.encode(doc().put("TLS.identifier", 12)),                             // mistyped identifier
          UserSigs.encode(doc().put("TLS.sig", "***")),                                 // sig not base64
          UserSigs.encode(doc().put("TLS.userbuf", "YWJj")),                            // a PrivateMapKey
          UserSigs.encode(new JsonObject().put("TLS.version", "201610110000")           // a v1 (ECDSA) token
              .put("TLS.identifier", ID).put("TLS.sdk_appid", "1400000000").put("TLS.sig", "MEUCIQ")),
          "A".repeat(UserSigVerifier.MAX_USERSIG_CHARS + 1),
          UserSigs.encode(doc().put("pad", "x".repeat(UserSigVerifier.MAX_DOCUMENT_BYTES))), // inflates too large
      }) {
        assertEquals(Outcome.MALFORMED, verifier.verify(bad, APP, ID, KEY), bad);
      }
    }

    @Test
    void numericStringFieldsAreAccepted() {
      String strings = UserSigs.encode(doc().put("TLS.sdkappid", "1400000000").put("TLS.time", "1700000000")
          .put("TLS.expire", "15552000"));
      assertEquals(Outcome.OK, verifier.verify(strings, APP, ID, KEY));
    }
  }

  /** What Go's VerifyUserSig lets through and this verifier does not: each is 70003 with its own ErrorInfo. */
  @Nested
  class Bounds {
    private final long now = TIME + 60; // the clock of this test class

    private String signed(long time, long expire) {
      return UserSigs.make(APP, KEY, ID, time, expire);
    }

    @Test
    void theVersionMustBe2dot0() {
      String v1 = UserSigs.encode(doc().put("TLS.ver", "1.0"));
      String none = UserSigs.encode(doc().put("TLS.ver", (Object) null));
      String number = UserSigs.encode(doc().put("TLS.ver", 2.0));
      for (String sig : new String[] {v1, none, number}) {
        assertEquals(Outcome.UNSUPPORTED_VERSION, verifier.verify(sig, APP, ID, KEY), sig);
      }
      assertEquals(70003, Outcome.UNSUPPORTED_VERSION.code());
      assertTrue(Outcome.UNSUPPORTED_VERSION.info().contains("TLS.ver must be 2.0"));
      assertEquals(Outcome.OK, verifier.verify(UserSigs.encode(doc()), APP, ID, KEY), "2.0 with the right MAC");
    }

    @Test
    void anIssueTimeUpToFiveMinutesAheadIsClockSkewBeyondItIsRejected() {
      assertEquals(Outcome.OK, verifier.verify(signed(now + 300, 3600), APP, ID, KEY)); // exactly the allowed skew
      String tooEarly = signed(now + 301, 3600);
      assertEquals(Outcome.ISSUED_IN_THE_FUTURE, verifier.verify(tooEarly, APP, ID, KEY));
      String tenYearsAhead = signed(now + 10 * 365 * 86_400L, 3600);
      assertEquals(Outcome.ISSUED_IN_THE_FUTURE, verifier.verify(tenYearsAhead, APP, ID, KEY));
      assertEquals(70003, Outcome.ISSUED_IN_THE_FUTURE.code());
      assertEquals(1, verifier.cachedEntries(), "only the valid one is cached");
      clock.advanceMillis(1_000); // the same sig a second later is within the skew: verified afresh, then OK
      assertEquals(Outcome.OK, verifier.verify(tooEarly, APP, ID, KEY));
    }

    @Test
    void aLifetimeOverTenYearsIsRejected() {
      assertEquals(3653L * 86_400, UserSigVerifier.MAX_LIFETIME_SECONDS);
      assertEquals(Outcome.OK, verifier.verify(signed(TIME, 10 * 365 * 86_400L), APP, ID, KEY)); // 3650 days
      assertEquals(Outcome.OK, verifier.verify(signed(TIME, UserSigVerifier.MAX_LIFETIME_SECONDS), APP, ID, KEY));
      assertEquals(Outcome.LIFETIME_TOO_LONG,
          verifier.verify(signed(TIME, UserSigVerifier.MAX_LIFETIME_SECONDS + 1), APP, ID, KEY));
      assertEquals(70003, Outcome.LIFETIME_TOO_LONG.code());
    }

    @Test
    void anExpireOfTwoToTheSixtySecondCannotOverflowIntoAnEternalSig() {
      long huge = 1L << 62;
      assertEquals(Outcome.LIFETIME_TOO_LONG, verifier.verify(signed(TIME, huge), APP, ID, KEY));
      assertEquals(Outcome.LIFETIME_TOO_LONG, verifier.verify(signed(TIME, Long.MAX_VALUE), APP, ID, KEY));
      // time + expire would wrap negative: rejected by the bounds, not judged "not expired"
      assertEquals(Outcome.ISSUED_IN_THE_FUTURE, verifier.verify(signed(Long.MAX_VALUE - 10, 100), APP, ID, KEY));
      assertEquals(0, verifier.cachedEntries(), "none of them is cached");
    }

    @Test
    void negativeTimesAreUnreadable() {
      assertEquals(Outcome.MALFORMED, verifier.verify(signed(-5, 3600), APP, ID, KEY));
      assertEquals(Outcome.MALFORMED, verifier.verify(signed(TIME, -1), APP, ID, KEY));
    }
  }

  @Nested
  class Cache {
    @Test
    void aVerifiedSigIsNotDecodedAgain() {
      assertEquals(Outcome.OK, verifier.verify(TOKEN, APP, ID, KEY));
      assertEquals(Outcome.OK, verifier.verify(TOKEN, APP, ID, KEY));
      assertEquals(Outcome.OK, verifier.verify(TOKEN, APP, ID, KEY));
      assertEquals(1, verifier.decodes());
      assertEquals(1, verifier.cachedEntries());
    }

    @Test
    void aCachedSigStillFailsOnceExpired() {
      assertEquals(Outcome.OK, verifier.verify(TOKEN, APP, ID, KEY));
      clock.setSeconds(TIME + EXPIRE + 1);
      assertEquals(Outcome.EXPIRED, verifier.verify(TOKEN, APP, ID, KEY));
      assertEquals(0, verifier.cachedEntries()); // dropped
      assertEquals(Outcome.EXPIRED, verifier.verify(TOKEN, APP, ID, KEY));
    }

    @Test
    void aCachedSigIsRecheckedAgainstTheRequest() {
      assertEquals(Outcome.OK, verifier.verify(TOKEN, APP, ID, KEY));
      assertEquals(Outcome.IDENTIFIER_MISMATCH, verifier.verify(TOKEN, APP, "administrator", KEY));
      assertEquals(Outcome.SDKAPPID_MISMATCH, verifier.verify(TOKEN, APP + 1, ID, KEY));
      assertEquals(1, verifier.decodes());
    }

    @Test
    void aChangedKeyVerifiesAfresh() {
      assertEquals(Outcome.OK, verifier.verify(TOKEN, APP, ID, KEY));
      assertEquals(Outcome.SIG_MISMATCH, verifier.verify(TOKEN, APP, ID, "rotated-key"));
      assertEquals(2, verifier.decodes());
    }

    @Test
    void failuresAreNotCached() {
      assertEquals(Outcome.SIG_MISMATCH, verifier.verify(TOKEN, APP, ID, "wrong"));
      assertEquals(Outcome.MALFORMED, verifier.verify("garbage", APP, ID, KEY));
      assertEquals(0, verifier.cachedEntries());
    }

    @Test
    void theCacheIsBounded() {
      UserSigVerifier small = new UserSigVerifier(clock, 8);
      for (int i = 0; i < 50; i++) {
        String sig = UserSigs.make(APP, KEY, ID, TIME + i, EXPIRE);
        assertEquals(Outcome.OK, small.verify(sig, APP, ID, KEY));
        assertTrue(small.cachedEntries() <= 8, "entries: " + small.cachedEntries());
      }
    }

    @Test
    void expiredEntriesAreSweptFirstWhenFull() {
      UserSigVerifier small = new UserSigVerifier(clock, 4);
      for (int i = 0; i < 4; i++) {
        small.verify(UserSigs.make(APP, KEY, ID, TIME, 100 + i), APP, ID, KEY); // all expire by TIME + 103
      }
      assertEquals(4, small.cachedEntries());
      clock.setSeconds(TIME + 200);
      String fresh = UserSigs.make(APP, KEY, ID, TIME + 150, 3600);
      assertEquals(Outcome.OK, small.verify(fresh, APP, ID, KEY));
      assertEquals(1, small.cachedEntries());
    }
  }

  private static JsonObject doc() {
    return new JsonObject().put("TLS.ver", "2.0").put("TLS.identifier", ID).put("TLS.sdkappid", APP)
        .put("TLS.expire", EXPIRE).put("TLS.time", TIME)
        .put("TLS.sig", "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=");
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
