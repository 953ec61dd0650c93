package io.roomgate.livekit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three error shapes LiveKit's auth produces (spec §2.5) and the grant checks of spec §3. */
class AuthTest extends SimTestBase {

  private HttpResponse<Buffer> listRooms(String authorization) throws Exception {
    return send(HttpMethod.POST, TWIRP + "ListRooms",
        Map.of("Content-Type", "application/json", "Authorization", authorization), "{}");
  }

  private static void assertPlain401(HttpResponse<Buffer> response, String message) {
    assertEquals(401, response.statusCode(), response::bodyAsString);
    assertEquals("text/plain; charset=utf-8", response.getHeader("Content-Type"));
    assertEquals(message, response.bodyAsString().strip());
  }

  @Test
  void nonBearerHeaderIsRejectedAsPlainText() throws Exception {
    assertPlain401(listRooms("Basic dXNlcjpwYXNz"), "invalid authorization header. Must start with Bearer");
  }

  @Test
  void garbageTokenIsRejected() throws Exception {
    assertPlain401(listRooms("Bearer not-a-jwt"), "invalid authorization token");
  }

  @Test
  void unknownApiKeyIsRejected() throws Exception {
    String token = TestTokens.sign(TestTokens.SECRET, TestTokens.base().put("iss", "nobody")
        .put("video", new JsonObject().put("roomList", true)));
    assertPlain401(listRooms("Bearer " + token), "invalid API key");
  }

  @Test
  void badSignatureIsRejectedWithReason() throws Exception {
    String token = TestTokens.sign("some-other-secret-some-other-secret", TestTokens.base()
        .put("video", new JsonObject().put("roomList", true)));
    HttpResponse<Buffer> response = listRooms("Bearer " + token);
    assertEquals(401, response.statusCode());
    assertEquals("invalid authorization token: go-jose/go-jose: error in cryptographic primitive",
        response.bodyAsString().strip());
  }

  @Test
  void expiredTokenIsRejectedButLeewayApplies() throws Exception {
    long now = TestTokens.now();
    JsonObject grant = new JsonObject().put("roomList", true);
    String expired = TestTokens.sign(TestTokens.SECRET, TestTokens.base().put("nbf", now - 600)
        .put("exp", now - 120).put("video", grant));
    assertPlain401(listRooms("Bearer " + expired),
        "invalid authorization token: go-jose/go-jose/jwt: validation failed, token is expired (exp)");

    String withinLeeway = TestTokens.sign(TestTokens.SECRET, TestTokens.base().put("nbf", now - 600)
        .put("exp", now - 20).put("video", grant));
    assertEquals(200, listRooms("Bearer " + withinLeeway).statusCode());
  }

  @Test
  void notYetValidTokenIsRejected() throws Exception {
    long now = TestTokens.now();
    String token = TestTokens.sign(TestTokens.SECRET, TestTokens.base().put("nbf", now + 600)
        .put("exp", now + 1200).put("video", new JsonObject().put("roomList", true)));
    assertPlain401(listRooms("Bearer " + token),
        "invalid authorization token: go-jose/go-jose/jwt: validation failed, token not valid yet (nbf)");
  }

  @Test
  void tokenWithoutExpiryIsRejected() throws Exception {
    JsonObject claims = TestTokens.base().put("video", new JsonObject().put("roomList", true));
    claims.remove("exp");
    HttpResponse<Buffer> response = listRooms("Bearer " + TestTokens.sign(TestTokens.SECRET, claims));
    assertEquals(401, response.statusCode());
    assertEquals("text/plain; charset=utf-8", response.getHeader("Content-Type"));
  }

  @Test
  void onlyHs256IsAccepted() throws Exception {
    String token = TestTokens.sign(TestTokens.SECRET, new JsonObject().put("alg", "HS512").put("typ", "JWT"),
        TestTokens.base().put("video", new JsonObject().put("roomList", true)));
    assertPlain401(listRooms("Bearer " + token), "invalid authorization token");
  }

  @Test
  void missingTokenIsTwirpUnauthenticated() throws Exception {
    assertTwirpError(json("ListRooms", null, new JsonObject()), 401, "unauthenticated", "permissions denied");
  }

  @Test
  void missingGrantIsTwirpUnauthenticated() throws Exception {
    assertTwirpError(json("ListRooms", TestTokens.create(), new JsonObject()), 401,
        "unauthenticated", "permissions denied");
    assertTwirpError(json("CreateRoom", TestTokens.list(), new JsonObject().put("name", "x")), 401,
        "unauthenticated", "permissions denied");
    assertTwirpError(json("DeleteRoom", TestTokens.admin("x"), new JsonObject().put("room", "x")), 401,
        "unauthenticated", "permissions denied");
  }

  @Test
  void adminTokenForAnotherRoomIsDenied() throws Exception {
    createRoom("demo");
    assertTwirpError(json("ListParticipants", TestTokens.admin("other"), new JsonObject().put("room", "demo")),
        401, "unauthenticated", "permissions denied");
    JsonObject noAdminFlag = new JsonObject().put("room", "demo");
    assertTwirpError(json("ListParticipants", TestTokens.video(noAdminFlag), new JsonObject().put("room", "demo")),
        401, "unauthenticated", "permissions denied");
    jsonOk("ListParticipants", TestTokens.admin("demo"), new JsonObject().put("room", "demo"));
  }

  @Test
  void tokenMayArriveAsQueryParameter() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.POST, TWIRP + "ListRooms?access_token=" + TestTokens.list(),
        Map.of("Content-Type", "application/json"), "{}");
    assertEquals(200, response.statusCode(), response::bodyAsString);
  }
}
