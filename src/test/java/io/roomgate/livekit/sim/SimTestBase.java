package io.roomgate.livekit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys a fresh simulator on an ephemeral port for each test and talks to it over real HTTP.
 * Test methods run on the JUnit thread and wait for replies there (never on an event loop).
 */
@ExtendWith(VertxExtension.class)
abstract class SimTestBase {
  static final String TWIRP = "/twirp/livekit.RoomService/";

  Vertx vertx;
  LiveKitSimulator sim;
  WebClient client;

  @BeforeEach
  void deploySimulator(Vertx vertx) throws Exception {
    this.vertx = vertx;
    sim = new LiveKitSimulator(new SimulatorOptions("127.0.0.1", 0, Map.of(TestTokens.KEY, TestTokens.SECRET)));
    await(vertx.deployVerticle(sim));
    client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(sim.port()).setKeepAlive(false));
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  /** Waits on the test thread; the timeout only guards against a hang, it asserts nothing about speed. */
  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, Map<String, String> headers, String body)
      throws Exception {
    HttpRequest<Buffer> request = client.request(method, path);
    headers.forEach(request::putHeader);
    return await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  /** A call of the /sim control API, signed with a simulator-wide roomAdmin token. */
  HttpResponse<Buffer> control(HttpMethod method, String path, String body) throws Exception {
    return send(method, path, Map.of("Content-Type", "application/json",
        "Authorization", "Bearer " + TestTokens.simAdmin()), body);
  }

  HttpResponse<Buffer> post(String path, String contentType, String token, Buffer body) throws Exception {
    HttpRequest<Buffer> request = client.post(path);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return await(request.sendBuffer(body));
  }

  /** A Twirp JSON call; returns the raw response for status/header checks. */
  HttpResponse<Buffer> json(String method, String token, JsonObject body) throws Exception {
    return post(TWIRP + method, "application/json", token, Buffer.buffer(body.encode()));
  }

  /** A Twirp JSON call that must succeed; returns the reply object. */
  JsonObject jsonOk(String method, String token, JsonObject body) throws Exception {
    HttpResponse<Buffer> response = json(method, token, body);
    assertEquals(200, response.statusCode(), () -> method + " failed: " + response.bodyAsString());
    assertEquals("application/json", response.getHeader("Content-Type"));
    return response.bodyAsJsonObject();
  }

  /** A Twirp protobuf call that must succeed; parses the reply as the given type. */
  <M extends Message> M protoOk(String method, String token, Message request, M replyType) throws Exception {
    HttpResponse<Buffer> response = post(TWIRP + method, "application/protobuf", token,
        Buffer.buffer(request.toByteArray()));
    assertEquals(200, response.statusCode(), () -> method + " failed: " + response.bodyAsString());
    assertEquals("application/protobuf", response.getHeader("Content-Type"));
    @SuppressWarnings("unchecked")
    M parsed = (M) replyType.getParserForType().parseFrom(response.body() == null ? new byte[0]
        : response.body().getBytes());
    return parsed;
  }

  /** Asserts a Twirp JSON error with the given status, code and message. */
  static JsonObject assertTwirpError(HttpResponse<Buffer> response, int status, String code, String msg) {
    assertEquals(status, response.statusCode(), response::bodyAsString);
    assertEquals("application/json", response.getHeader("Content-Type"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(code, body.getString("code"), body::encode);
    if (msg != null) {
      assertEquals(msg, body.getString("msg"), body::encode);
    }
    return body;
  }

  JsonObject createRoom(String name) throws Exception {
    return jsonOk("CreateRoom", TestTokens.create(), new JsonObject().put("name", name));
  }

  /** Adds a simulated participant through the control API. */
  JsonObject addParticipant(String room, JsonObject participant) throws Exception {
    HttpResponse<Buffer> response = control(HttpMethod.POST, "/sim/rooms/" + room + "/participants",
        participant.encode());
    assertEquals(200, response.statusCode(), response::bodyAsString);
    return response.bodyAsJsonObject();
  }

  JsonObject publishTrack(String room, String identity, JsonObject track) throws Exception {
    HttpResponse<Buffer> response = control(HttpMethod.POST, "/sim/rooms/" + room + "/participants/" + identity
        + "/tracks", track.encode());
    assertEquals(200, response.statusCode(), response::bodyAsString);
    return response.bodyAsJsonObject();
  }
}
