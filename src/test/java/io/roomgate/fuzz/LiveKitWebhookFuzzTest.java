package io.roomgate.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.roomgate.testsupport.TestJwt;
import io.roomgate.webhook.LiveKitWebhookVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LiveKit webhook verifier: any Authorization header and body complete the check without a synchronous exception
 * or a hang, and a webhook passes only when its token is signed with the key's secret and its {@code sha256} claim
 * is the body's. Half the tokens are signed correctly around fuzzed claims, so the claim checks get exercised.
 */
class LiveKitWebhookFuzzTest {
  private static final String KEY = "fuzzkey";
  private static final String SECRET = "fuzz-livekit-secret-0123456789abcdef";
  private static final Vertx VERTX = Vertx.vertx();
  private static final LiveKitWebhookVerifier VERIFIER = new LiveKitWebhookVerifier(VERTX, KEY, SECRET);

  @FuzzTest
  void onlyAuthenticWebhooksPass(FuzzedDataProvider data) throws Exception {
    boolean signed = data.consumeBoolean();
    boolean bearer = data.consumeBoolean();
    String token;
    String claimedSha = null;
    boolean rightSecret = false;
    byte[] body;
    if (signed) {
      long now = System.currentTimeMillis() / 1000;
      JsonObject claims = new JsonObject();
      if (data.consumeBoolean()) {
        claims.put("iss", data.consumeBoolean() ? KEY : data.consumeString(10));
      }
      if (data.consumeBoolean()) {
        claims.put("exp", now + data.consumeLong(-600, 600));
      }
      if (data.consumeBoolean()) {
        claims.put("nbf", now + data.consumeLong(-600, 600));
      }
      String bodyText = data.consumeString(200);
      body = bodyText.getBytes(StandardCharsets.UTF_8);
      if (data.consumeBoolean()) {
        claimedSha = data.consumeBoolean() ? sha256(body) : data.consumeString(50);
        claims.put("sha256", claimedSha);
      }
      rightSecret = data.consumeBoolean();
      token = TestJwt.sign(rightSecret ? SECRET : data.consumeString(40) + "x", claims); // never SECRET itself
    } else {
      token = data.consumeString(400);
      body = data.consumeRemainingAsBytes();
    }
    String authorization = bearer ? "Bearer " + token : token;
    boolean passed = VERIFIER.verify(authorization, Buffer.buffer(body)).map(true).otherwise(false)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (passed) {
      assertTrue(signed && rightSecret, "a token not signed with the secret passed");
      assertTrue(sha256(body).equals(claimedSha), "a webhook whose sha256 claim is not its body's passed");
    }
  }

  private static String sha256(byte[] body) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
  }
}
