package io.roomgate.livekit;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.roomgate.config.LiveKitConfig;
import io.roomgate.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.DeleteRoomRequest;
import livekit.LivekitRoom.DeleteRoomResponse;
import livekit.LivekitRoom.ListParticipantsRequest;
import livekit.LivekitRoom.ListParticipantsResponse;
import livekit.LivekitRoom.ListRoomsRequest;
import livekit.LivekitRoom.ListRoomsResponse;
import livekit.LivekitRoom.UpdateRoomMetadataRequest;

import java.util.List;

/**
 * LiveKit's RoomService over Twirp: protobuf bodies with the official message classes, one pooled keep-alive
 * {@link WebClient}, a token per call with only the grant that call needs, and a deadline on every call (sent to
 * LiveKit as {@code X-Twirp-Timeout-Ms} too, so both sides give up together).
 */
public final class LiveKitClient {
  private static final String PATH = "/twirp/livekit.RoomService/";
  private static final String PROTOBUF = "application/protobuf";

  private final WebClient client;
  private final String baseUrl;
  private final long timeoutMs;
  private final long connectTimeoutMs;
  private final String timeoutHeader;
  private final LiveKitTokens tokens;
  private final GatewayMetrics metrics;

  public LiveKitClient(Vertx vertx, LiveKitConfig config, String baseUrl) {
    this(vertx, config, baseUrl, GatewayMetrics.disabled());
  }

  /** @param metrics receives every call's method, Twirp code ({@code ok} on success) and latency */
  public LiveKitClient(Vertx vertx, LiveKitConfig config, String baseUrl, GatewayMetrics metrics) {
    this.baseUrl = baseUrl;
    this.metrics = metrics;
    this.timeoutMs = config.requestTimeoutMs();
    this.connectTimeoutMs = config.connectTimeoutMs();
    this.timeoutHeader = Long.toString(config.requestTimeoutMs());
    this.tokens = new LiveKitTokens(vertx, config.apiKey(), config.apiSecret());
    WebClientOptions options = new WebClientOptions()
        .setKeepAlive(true)
        .setConnectTimeout((int) config.connectTimeoutMs())
        .setUserAgent("roomgate");
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(config.poolSize()));
  }

  public LiveKitTokens tokens() {
    return tokens;
  }

  public Future<Room> createRoom(CreateRoomRequest request) {
    return call("CreateRoom", request, tokens.roomCreate(), Room.parser());
  }

  public Future<Void> deleteRoom(String room) {
    return call("DeleteRoom", DeleteRoomRequest.newBuilder().setRoom(room).build(), tokens.roomCreate(),
        DeleteRoomResponse.parser()).mapEmpty();
  }

  public Future<List<Room>> listRooms(List<String> names) {
    return call("ListRooms", ListRoomsRequest.newBuilder().addAllNames(names).build(), tokens.roomList(),
        ListRoomsResponse.parser()).map(ListRoomsResponse::getRoomsList);
  }

  public Future<List<ParticipantInfo>> listParticipants(String room) {
    return call("ListParticipants", ListParticipantsRequest.newBuilder().setRoom(room).build(),
        tokens.roomAdmin(room), ListParticipantsResponse.parser())
        .map(ListParticipantsResponse::getParticipantsList);
  }

  public Future<Room> updateRoomMetadata(String room, String metadata) {
    return call("UpdateRoomMetadata",
        UpdateRoomMetadataRequest.newBuilder().setRoom(room).setMetadata(metadata).build(),
        tokens.roomAdmin(room), Room.parser());
  }

  /** LiveKit's health check ({@code GET /} answers 200 when the node is ready). */
  public Future<Void> health() {
    return health(timeoutMs);
  }

  /** The health check with its own deadline (readiness probes want a short one). */
  public Future<Void> health(long deadlineMs) {
    return client.getAbs(baseUrl + "/")
        .timeout(deadlineMs)
        .send()
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture()
            : Future.failedFuture("LiveKit health check answered HTTP " + r.statusCode()));
  }

  private <T> Future<T> call(String method, Message request, String token, Parser<T> parser) {
    long start = System.nanoTime();
    Future<T> result = client.postAbs(baseUrl + PATH + method)
        .putHeader("Content-Type", PROTOBUF)
        .putHeader("Authorization", "Bearer " + token)
        .putHeader("X-Twirp-Timeout-Ms", timeoutHeader)
        // Vert.x's connect timeout also bounds the wait for a pooled connection: a burst that finds every pooled
        // connection busy waits up to the call's deadline, not the (shorter) TCP connect timeout.
        .connectTimeout(Math.max(connectTimeoutMs, timeoutMs))
        .timeout(timeoutMs)
        .sendBuffer(Buffer.buffer(request.toByteArray()))
        .transform(ar -> {
          if (ar.failed()) {
            // connect refused, reset, or our deadline: LiveKit gave no answer
            return Future.failedFuture(new LiveKitException(LiveKitException.UNAVAILABLE, 0,
                "LiveKit " + method + " failed: " + ar.cause().getMessage(), ar.cause()));
          }
          try {
            return Future.succeededFuture(TwirpResponses.decode(ar.result(), parser));
          } catch (LiveKitException e) {
            return Future.failedFuture(e);
          }
        });
    if (metrics.enabled()) {
      result.onComplete(ar -> metrics.liveKitCall(method,
          ar.succeeded() ? "ok" : ar.cause() instanceof LiveKitException e ? e.twirpCode() : "unknown",
          System.nanoTime() - start));
    }
    return result;
  }

  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
