package io.roomgate.livekit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Twirp routing and codec selection as the generated server does it (spec §2.1, §2.4). */
class TwirpRoutingTest extends SimTestBase {

  @Test
  void healthCheck() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/", Map.of(), null);
    assertEquals(200, response.statusCode());
    assertEquals("OK", response.bodyAsString());
  }

  @Test
  void getIsBadRoute() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.GET, TWIRP + "ListRooms", Map.of(), null);
    JsonObject body = assertTwirpError(response, 404, "bad_route",
        "unsupported method \"GET\" (only POST is allowed)");
    assertEquals("GET /twirp/livekit.RoomService/ListRooms", body.getJsonObject("meta").getString("twirp_invalid_route"));
  }

  @Test
  void unknownMethodIsBadRoute() throws Exception {
    JsonObject body = assertTwirpError(json("FlyToTheMoon", TestTokens.create(), new JsonObject()), 404,
        "bad_route", "no handler for path \"/twirp/livekit.RoomService/FlyToTheMoon\"");
    assertEquals("POST /twirp/livekit.RoomService/FlyToTheMoon",
        body.getJsonObject("meta").getString("twirp_invalid_route"));
  }

  @Test
  void unsupportedContentTypeIsBadRoute() throws Exception {
    assertTwirpError(post(TWIRP + "ListRooms", "text/plain", TestTokens.list(), Buffer.buffer("{}")), 404,
        "bad_route", "unexpected Content-Type: \"text/plain\"");
    assertTwirpError(post(TWIRP + "ListRooms", null, TestTokens.list(), Buffer.buffer("{}")), 404,
        "bad_route", null);
  }

  @Test
  void contentTypeParametersAndCaseAreIgnored() throws Exception {
    for (String contentType : new String[] {"application/json;charset=UTF-8", "Application/JSON ; charset=utf-8"}) {
      HttpResponse<Buffer> response = post(TWIRP + "CreateRoom", contentType, TestTokens.create(),
          Buffer.buffer("{\"name\":\"charset\"}"));
      assertEquals(200, response.statusCode(), response::bodyAsString);
      assertEquals("application/json", response.getHeader("Content-Type"));
      assertEquals("charset", response.bodyAsJsonObject().getString("name"));
    }
  }

  @Test
  void emptyJsonBodyIsMalformed() throws Exception {
    assertTwirpError(post(TWIRP + "ListRooms", "application/json", TestTokens.list(), Buffer.buffer()), 400,
        "malformed", "the json request could not be decoded");
    assertTwirpError(post(TWIRP + "ListRooms", "application/json", TestTokens.list(), Buffer.buffer("{nope")), 400,
        "malformed", "the json request could not be decoded");
  }

  @Test
  void brokenProtobufIsMalformedAndReportedAsJson() throws Exception {
    assertTwirpError(post(TWIRP + "ListRooms", "application/protobuf", TestTokens.list(),
        Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})), 400,
        "malformed", "the protobuf request could not be decoded");
  }

  @Test
  void camelCaseKeysAndUnknownFieldsAreAccepted() throws Exception {
    JsonObject room = jsonOk("CreateRoom", TestTokens.create(), new JsonObject()
        .put("name", "camel").put("emptyTimeout", 42).put("maxParticipants", 7).put("someFutureField", "x"));
    assertEquals(42, room.getInteger("empty_timeout"));
    assertEquals(7, room.getInteger("max_participants"));
    assertFalse(room.containsKey("emptyTimeout"), "replies use proto field names");
  }

  @Test
  void timeoutHeaderIsAccepted() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.POST, TWIRP + "ListRooms", Map.of(
        "Content-Type", "application/json", "Authorization", "Bearer " + TestTokens.list(),
        "X-Twirp-Timeout-Ms", "1500"), "{}");
    assertEquals(200, response.statusCode(), response::bodyAsString);
  }

  @Test
  void corsPreflightIsAnsweredForAnyOrigin() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.OPTIONS, TWIRP + "ListRooms", Map.of(
        "Origin", "https://app.example", "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "authorization, content-type"), null);
    assertEquals(204, response.statusCode());
    assertEquals("https://app.example", response.getHeader("Access-Control-Allow-Origin"));
    assertEquals("authorization, content-type", response.getHeader("Access-Control-Allow-Headers"));
    assertEquals("86400", response.getHeader("Access-Control-Max-Age"));
  }
}
