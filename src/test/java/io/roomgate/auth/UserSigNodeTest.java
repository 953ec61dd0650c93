package io.roomgate.auth;

import io.roomgate.auth.UserSigVerifier.Outcome;
import io.roomgate.testsupport.NodeScript;
import io.roomgate.testsupport.TestClock;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** UserSigs made by Tencent's official Node package ({@code tls-sig-api-v2}) through the verifier. */
class UserSigNodeTest {
  static final long APP = 1400000000L;
  static final String KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

  @Test
  void officialNodeTokensVerifyExpireAndFailWithAnotherKey() throws Exception {
    long before = System.currentTimeMillis() / 1000;
    NodeScript.Result r = NodeScript.run("tencent-usersig.mjs",
        Map.of("SDKAPPID", String.valueOf(APP), "SECRET_KEY", KEY, "IDENTIFIER", "administrator", "EXPIRE", "600"));
    assertEquals(0, r.exitCode(), r.output());
    String sig = r.output().trim();
    long issued = UserSigVerifier.decode(sig).time();

    TestClock clock = TestClock.atSeconds(before);
    UserSigVerifier verifier = new UserSigVerifier(clock);
    assertEquals(Outcome.OK, verifier.verify(sig, APP, "administrator", KEY));
    assertEquals(Outcome.SIG_MISMATCH, new UserSigVerifier(clock).verify(sig, APP, "administrator", KEY + "0"));
    assertEquals(Outcome.IDENTIFIER_MISMATCH, new UserSigVerifier(clock).verify(sig, APP, "ops", KEY));
    assertEquals(Outcome.SDKAPPID_MISMATCH, new UserSigVerifier(clock).verify(sig, APP + 1, "administrator", KEY));

    clock.setSeconds(issued + 600);      // the last valid second
    assertEquals(Outcome.OK, verifier.verify(sig, APP, "administrator", KEY));
    clock.setSeconds(issued + 601);      // expired, although cached
    assertEquals(Outcome.EXPIRED, verifier.verify(sig, APP, "administrator", KEY));
    assertEquals(Outcome.EXPIRED, new UserSigVerifier(clock).verify(sig, APP, "administrator", KEY));
  }
}
