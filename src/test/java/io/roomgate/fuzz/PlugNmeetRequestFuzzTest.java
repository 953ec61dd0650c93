package io.roomgate.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.ReplaySigned;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * plugNmeet request parsing and authentication through the real gateway: any path, API-KEY, signature, replay stamp
 * and body must get a plugNmeet answer ({@code status}, {@code msg}, {@code status_code}) with a client status, never
 * a 5xx, an internal error or a hang. Half of the inputs are correctly signed, so the fuzzer gets past authentication
 * into the body parser, the schema validator and the room service.
 */
class PlugNmeetRequestFuzzTest {
  private static final String[] APIS = {"create", "getJoinToken", "isRoomActive", "getActiveRoomInfo",
      "getActiveRoomsInfo", "endRoom", "fetchPastRooms"};
  private static final Set<Integer> CLIENT_STATUSES = Set.of(200, 400, 401, 404, 405, 413, 429);

  @FuzzTest
  void anyRequestGetsAPlugNmeetAnswer(FuzzedDataProvider data) {
    FuzzGateway gw = FuzzGateway.get();
    int pick = data.consumeInt(0, APIS.length);
    String path = "/auth/room/" + (pick < APIS.length ? APIS[pick] : FuzzHttp.headerSafe(data.consumeString(20))
        .replace("?", "").replace("#", "").replace(" ", ""));
    int keyMode = data.consumeInt(0, 3);
    int sigMode = data.consumeInt(0, 2);
    long tsOffset = data.consumeLong(-400, 400);
    String nonce = FuzzHttp.headerSafe(data.consumeString(70));
    String rawHeader = FuzzHttp.headerSafe(data.consumeString(80));
    byte[] body = data.consumeRemainingAsBytes();

    HttpRequest<Buffer> req = gw.web.post(gw.port(), "127.0.0.1", path).timeout(FuzzHttp.ANSWER_DEADLINE_MS)
        .putHeader("Content-Type", "application/json");
    String secret = switch (keyMode) {
      case 0 -> null;
      case 1 -> FuzzGateway.PLAIN_SECRET;
      case 2 -> FuzzGateway.STAMPED_SECRET;
      default -> rawHeader;
    };
    if (keyMode == 1) {
      req.putHeader("API-KEY", FuzzGateway.PLAIN_KEY);
    } else if (keyMode == 2) {
      req.putHeader("API-KEY", FuzzGateway.STAMPED_KEY);
    } else if (keyMode == 3 && !rawHeader.isEmpty()) {
      req.putHeader("API-KEY", rawHeader);
    }
    long ts = System.currentTimeMillis() / 1000 + tsOffset;
    if (keyMode == 2) {
      req.putHeader("X-Roomgate-Timestamp", Long.toString(ts));
      if (!nonce.isEmpty()) {
        req.putHeader("X-Roomgate-Nonce", nonce);
      }
    }
    if (sigMode == 0 && secret != null && !secret.isEmpty()) { // an HMAC key cannot be empty
      req.putHeader("HASH-SIGNATURE", keyMode == 2 ? ReplaySigned.sign(secret, ts, nonce, body)
          : PlugNmeetTestClient.sign(secret, body));
    } else if (sigMode == 1 && !rawHeader.isEmpty()) {
      req.putHeader("HASH-SIGNATURE", rawHeader);
    }
    HttpResponse<Buffer> r = req.sendBuffer(Buffer.buffer(body)).await();

    assertTrue(CLIENT_STATUSES.contains(r.statusCode()), "HTTP " + r.statusCode() + ": " + r.bodyAsString());
    JsonObject answer = FuzzHttp.json(r);
    assertInstanceOf(Boolean.class, answer.getValue("status"), answer::encode);
    assertInstanceOf(String.class, answer.getValue("msg"), answer::encode);
    assertNotEquals("INTERNAL_SERVER_ERROR", answer.getString("status_code"), answer::encode);
    if (r.statusCode() != 200) {
      assertEquals(false, answer.getBoolean("status"), answer::encode);
    }
  }
}
