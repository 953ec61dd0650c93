package io.roomgate.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.roomgate.auth.UserSigVerifier;
import io.roomgate.testsupport.TestClock;
import io.roomgate.testsupport.UserSigs;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The UserSig decoder (un-escape, base64, inflate, JSON, fields, HMAC): any string, and any document compressed and
 * encoded the way a real UserSig is, gets an outcome and never an exception; and a document whose HMAC the fuzzer
 * cannot know is never accepted.
 */
class UserSigFuzzTest {
  private static final long APP = 1400000001L;
  private static final String KEY = "fuzz-tencent-key-0123456789abcdef";
  private static final long NOW = 1_800_000_000L;

  @FuzzTest
  void anyUserSigGetsAnOutcome(FuzzedDataProvider data) {
    UserSigVerifier verifier = new UserSigVerifier(TestClock.atSeconds(NOW), 16);
    String identifier = data.consumeString(40);
    String sig;
    if (data.consumeBoolean()) {
      // a well-formed envelope around fuzzed fields, so the fuzzer gets past inflate and JSON
      JsonObject doc = new JsonObject()
          .put("TLS.ver", data.consumeBoolean() ? "2.0" : data.consumeString(8))
          .put("TLS.identifier", data.consumeBoolean() ? identifier : data.consumeString(40))
          .put("TLS.sdkappid", data.consumeBoolean() ? APP : data.consumeLong())
          .put("TLS.time", data.consumeBoolean() ? NOW : data.consumeLong())
          .put("TLS.expire", data.consumeBoolean() ? 86_400L : data.consumeLong())
          .put("TLS.sig", data.consumeString(60));
      if (data.consumeBoolean()) {
        doc.put("TLS.userbuf", data.consumeString(40));
      }
      sig = UserSigs.encode(doc);
    } else {
      sig = data.consumeRemainingAsString();
    }
    UserSigVerifier.Outcome outcome = verifier.verify(sig, APP, identifier, KEY);
    assertNotNull(outcome);
    assertNotEquals(UserSigVerifier.Outcome.OK, outcome, "a UserSig the fuzzer made without the key verified");
  }
}
