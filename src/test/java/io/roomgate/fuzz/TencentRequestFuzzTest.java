package io.roomgate.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.roomgate.testsupport.UserSigs;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tencent request parsing and authentication through the real gateway: any action, query string (raw, so bad
 * escapes and duplicate keys get through), UserSig and body must get HTTP 200 with a Tencent envelope whose
 * {@code ErrorCode} is not the internal error, and never hang. Some inputs carry a valid admin UserSig, so the
 * fuzzer reaches the body parser, the schema validator and the room service.
 */
class TencentRequestFuzzTest {
  private static final String[] ACTIONS = {"create_room", "destroy_room", "update_room_info", "get_room_info",
      "get_room_list"};
  private static final int INTERNAL = 100001;
  private static final String VALID_SIG = UserSigs.make(FuzzGateway.SDKAPPID, FuzzGateway.TENCENT_KEY,
      FuzzGateway.ADMIN, System.currentTimeMillis() / 1000, 86_400);

  @FuzzTest
  void anyRequestGetsATencentEnvelope(FuzzedDataProvider data) {
    FuzzGateway gw = FuzzGateway.get();
    int pick = data.consumeInt(0, ACTIONS.length);
    String action = pick < ACTIONS.length ? ACTIONS[pick]
        : URLEncoder.encode(data.consumeString(20), StandardCharsets.UTF_8);
    String query = switch (data.consumeInt(0, 2)) {
      case 0 -> "sdkappid=" + FuzzGateway.SDKAPPID + "&identifier=" + FuzzGateway.ADMIN + "&usersig=" + VALID_SIG
          + "&random=" + data.consumeInt(0, Integer.MAX_VALUE) + "&contenttype=json";
      case 1 -> "sdkappid=" + FuzzGateway.SDKAPPID + "&identifier=" + FuzzGateway.ADMIN + "&usersig="
          + URLEncoder.encode(data.consumeString(400), StandardCharsets.UTF_8) + "&random=1&contenttype=json";
      default -> rawQuery(data.consumeString(300));
    };
    byte[] body = data.consumeRemainingAsBytes();
    HttpResponse<Buffer> r = gw.web.post(gw.port(), "127.0.0.1", "/v4/live_engine_http_srv/" + action + "?" + query)
        .timeout(FuzzHttp.ANSWER_DEADLINE_MS).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await();

    if (action.equals("..")) {
      // this dot segment (RFC 3986, 5.2.4) takes the path out of the Tencent prefix: no dialect's, a plain 404
      // (".", the prefix itself, stays a Tencent request: an unknown, empty command)
      assertEquals(404, r.statusCode(), r::bodyAsString);
      return;
    }
    assertEquals(200, r.statusCode(), r::bodyAsString);
    JsonObject answer = FuzzHttp.json(r);
    assertInstanceOf(String.class, answer.getValue("ActionStatus"), answer::encode);
    assertInstanceOf(Integer.class, answer.getValue("ErrorCode"), answer::encode);
    assertNotEquals(INTERNAL, answer.getInteger("ErrorCode"), answer::encode);
    assertTrue(answer.getString("ActionStatus").equals("OK") == (answer.getInteger("ErrorCode") == 0),
        answer::encode);
  }

  /** Anything a client could put in a request line's query: visible ASCII without space or {@code #}. */
  private static String rawQuery(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c > 0x20 && c < 0x7f && c != '#') {
        b.append(c);
      }
    }
    return b.toString();
  }
}
