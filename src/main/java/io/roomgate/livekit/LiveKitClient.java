package io.roomgate.livekit;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.roomgate.config.LiveKitConfig;
import io.roomgate.time.GatewayClock;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
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

import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * LiveKit's RoomService over Twirp: protobuf bodies with the official message classes, one pooled keep-alive HTTP
 * client, a token per call with only the grant that call needs, and one deadline per call (sent to LiveKit as
 * {@code X-Twirp-Timeout-Ms} too, so both sides give up together).
 *
 * <p>Outcomes of a call, whatever LiveKit does:
 * <ul>
 *   <li>the payload, or a {@link LiveKitException} with LiveKit's Twirp code, always by the call's deadline
 *       ({@code livekit.request_timeout_ms}, counted from the call: waiting for a pooled connection, connecting,
 *       retries and reading the answer all fit in it);</li>
 *   <li>{@code unavailable} at once while the host's circuit breaker is open: {@code livekit.breaker_failures}
 *       consecutive calls without an answer (refused, reset, deadline) or with HTTP 5xx open it; after
 *       {@code livekit.breaker_reset_ms} one call probes LiveKit (half-open) and closes it again on any answer;</li>
 *   <li>idempotent calls (reads, UpdateRoomMetadata) are retried after such failures, with full jitter, while the
 *       deadline leaves time; CreateRoom and DeleteRoom only when the request provably never left (no connection),
 *       because a request that may have reached LiveKit could have taken effect.</li>
 * </ul>
 *
 * <p>The pool's own wait timer is never armed (no request sets a connect or idle timeout): in Vert.x 5.0.10 it can
 * fire for a waiter that another event loop has already served, and then fails an already completed promise
 * ({@code IllegalStateException: Promise already completed}, logged as an unhandled exception). The deadline
 * timer here replaces it, and a request that gets its connection after its deadline is reset unsent.
 */
public final class LiveKitClient implements LiveKitRooms {
  private static final Logger LOG = Logger.getLogger(LiveKitClient.class.getName());
  /** How long an idle pooled connection to LiveKit is kept. */
  static final int KEEP_ALIVE_SECONDS = 30;
  private static final String PATH = "/twirp/livekit.RoomService/";
  private static final String PROTOBUF = "application/protobuf";
  /** A retry is not worth starting with less time than this left before the deadline. */
  private static final long MIN_ATTEMPT_MS = 100;

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final String baseUrl;
  private final String host;
  private final long timeoutMs;
  private final String timeoutHeader;
  private final int maxRetries;
  private final long retryBackoffMs;
  private final LiveKitTokens tokens;
  private final GatewayClock clock;
  private final LiveKitMetrics metrics;
  private final CircuitBreaker breaker;
  private final List<Runnable> recoveryListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public LiveKitClient(Vertx vertx, LiveKitConfig config, String baseUrl, GatewayClock clock) {
    this(vertx, config, baseUrl, LiveKitMetrics.NONE, clock);
  }

  /**
   * @param metrics receives every call's method, Twirp code ({@code ok} on success) and latency, and the breaker
   * @param clock   the gateway's clock (call deadlines, token times)
   */
  public LiveKitClient(Vertx vertx, LiveKitConfig config, String baseUrl, LiveKitMetrics metrics,
                       GatewayClock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.baseUrl = baseUrl;
    this.host = hostOf(baseUrl);
    this.metrics = metrics;
    this.timeoutMs = config.requestTimeoutMs();
    this.timeoutHeader = Long.toString(config.requestTimeoutMs());
    this.maxRetries = config.maxRetries();
    this.retryBackoffMs = config.retryBackoffMs();
    this.tokens = new LiveKitTokens(vertx, config.apiKey(), config.apiSecret(), clock);
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        // Idle pooled connections are dropped before a server's idle timeout can close them under a request (the
        // embedded simulator closes idle connections after server.idle_timeout_seconds, 60 by default; LiveKit's own
        // keep-alive is longer).
        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
        .setConnectTimeout((int) Math.min(config.connectTimeoutMs(), config.requestTimeoutMs()));
    this.http = vertx.httpClientBuilder()
        .with(options)
        .with(new PoolOptions().setHttp1MaxSize(config.poolSize()))
        // A connection LiveKit resets (killed, restarted) fails the calls on it, which report it; without a handler
        // Vert.x would also log every such reset as SEVERE.
        .withConnectHandler(connection -> connection.exceptionHandler(
            e -> LOG.fine("LiveKit " + host + " connection failed: " + e)))
        .build();
    this.breaker = CircuitBreaker.create("livekit:" + host, vertx, new CircuitBreakerOptions()
            .setMaxFailures(config.breakerFailures())
            .setResetTimeout(config.breakerResetMs())
            .setTimeout(-1)                 // the call's own deadline bounds every attempt
            .setMaxRetries(0)               // retries are decided here, per call, by idempotency
            .setFallbackOnFailure(false)
            .setNotificationAddress(null))  // no event-bus metrics; state goes to LiveKitMetrics
        .failurePolicy(f -> f.failed() && countsAgainstHost(f.cause()))
        .openHandler(v -> LOG.warning("LiveKit " + host + " is unavailable: circuit breaker open, calls fail fast"))
        .halfOpenHandler(v -> LOG.info("LiveKit " + host + ": circuit breaker half-open, probing"))
        .closeHandler(v -> {
          LOG.info("LiveKit " + host + ": circuit breaker closed, calls go through");
          // outside the breaker's lock, on an event loop
          recoveryListeners.forEach(l -> vertx.runOnContext(x -> l.run()));
        });
    metrics.liveKitCircuit(host, () -> stateLabel(breaker.state()));
  }

  @Override
  public LiveKitTokens tokens() {
    return tokens;
  }

  /** The LiveKit host this client calls ({@code host:port}), the breaker's and the metric's name. */
  public String host() {
    return host;
  }

  /** The breaker's state: {@code closed}, {@code open} or {@code half_open}. */
  public String circuitState() {
    return stateLabel(breaker.state());
  }

  /** {@code true} while calls would fail fast without reaching LiveKit (the breaker is open). */
  @Override
  public boolean circuitOpen() {
    return breaker.state() == CircuitBreakerState.OPEN;
  }

  /** Runs {@code listener} each time LiveKit answers again after its breaker had opened. */
  public void onRecovered(Runnable listener) {
    recoveryListeners.add(listener);
  }

  /** CreateRoom is an upsert, but one that reached LiveKit after its caller gave up would leave a room behind. */
  @Override
  public Future<Room> createRoom(CreateRoomRequest request) {
    return call("CreateRoom", false, request, tokens.roomCreate(), Room.parser());
  }

  @Override
  public Future<Void> deleteRoom(String room) {
    return call("DeleteRoom", false, DeleteRoomRequest.newBuilder().setRoom(room).build(), tokens.roomCreate(),
        DeleteRoomResponse.parser()).mapEmpty();
  }

  @Override
  public Future<List<Room>> listRooms(List<String> names) {
    return call("ListRooms", true, ListRoomsRequest.newBuilder().addAllNames(names).build(), tokens.roomList(),
        ListRoomsResponse.parser()).map(ListRoomsResponse::getRoomsList);
  }

  @Override
  public Future<List<ParticipantInfo>> listParticipants(String room) {
    return call("ListParticipants", true, ListParticipantsRequest.newBuilder().setRoom(room).build(),
        tokens.roomAdmin(room), ListParticipantsResponse.parser())
        .map(ListParticipantsResponse::getParticipantsList);
  }

  /** Setting metadata to a value is idempotent: a repeat sets the same value. */
  @Override
  public Future<Room> updateRoomMetadata(String room, String metadata) {
    return call("UpdateRoomMetadata", true,
        UpdateRoomMetadataRequest.newBuilder().setRoom(room).setMetadata(metadata).build(),
        tokens.roomAdmin(room), Room.parser());
  }

  /** LiveKit's health check ({@code GET /} answers 200 when the node is ready). */
  public Future<Void> health() {
    return health(timeoutMs);
  }

  /** The health check with its own deadline (readiness probes want a short one); it bypasses the breaker. */
  public Future<Void> health(long deadlineMs) {
    long deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    return exchange("health", new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(baseUrl + "/"), null,
        deadline, false)
        .compose(r -> r.status() == 200 ? Future.succeededFuture()
            : Future.failedFuture("LiveKit health check answered HTTP " + r.status()));
  }

  private <T> Future<T> call(String method, boolean idempotent, Message request, String token, Parser<T> parser) {
    long start = clock.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(baseUrl + PATH + method)
        .putHeader("User-Agent", "roomgate")
        .putHeader("Content-Type", PROTOBUF)
        .putHeader("Authorization", "Bearer " + token)
        .putHeader("X-Twirp-Timeout-Ms", timeoutHeader);
    Buffer body = Buffer.buffer(request.toByteArray());
    Future<T> result = attempt(method, idempotent, options, body, parser, deadline, 0);
    if (metrics.enabled()) {
      result.onComplete(ar -> metrics.liveKitCall(method,
          ar.succeeded() ? "ok" : ar.cause() instanceof LiveKitException e ? e.twirpCode() : "unknown",
          clock.nanoTime() - start));
    }
    return result;
  }

  private <T> Future<T> attempt(String method, boolean idempotent, RequestOptions options, Buffer body,
                                Parser<T> parser, long deadline, int retry) {
    if (breaker.state() == CircuitBreakerState.OPEN) {
      return Future.failedFuture(circuitOpen(method)); // at once, without waiting for a pooled connection
    }
    Future<T> once = exchange(method, options, body, deadline, true)
        .map(r -> TwirpResponses.decode(r.status(), r.body(), parser));
    return once.recover(e -> {
      LiveKitException failure = classify(method, e);
      long delayMs = retryDelayMs(retry);
      long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - clock.nanoTime());
      boolean retryable = failure.notSent() || (idempotent && countsAgainstHost(failure));
      if (!retryable || failure.circuitOpen() || retry >= maxRetries || leftMs < delayMs + MIN_ATTEMPT_MS) {
        return Future.failedFuture(failure);
      }
      Promise<T> next = Promise.promise();
      vertx.setTimer(Math.max(1, delayMs),
          id -> attempt(method, idempotent, options, body, parser, deadline, retry + 1).onComplete(next));
      return next.future();
    });
  }

  /** Full jitter: uniform in [0, 2 × backoff × 2^retry), so a crowd of callers does not retry in step. */
  private long retryDelayMs(int retry) {
    long mean = retryBackoffMs << Math.min(retry, 10);
    return ThreadLocalRandom.current().nextLong(Math.max(1, 2 * mean));
  }

  /** One HTTP status and body. */
  private record Answer(int status, Buffer body) {
  }

  /**
   * One HTTP exchange bounded by {@code deadline} ({@link GatewayClock#nanoTime()}). Fails with a
   * {@link LiveKitException} ({@code notSent} when no connection was had, so nothing reached LiveKit).
   *
   * <p>With {@code guarded}, the host's breaker judges what LiveKit did: a refused or failed connection, and the
   * request once it has a connection (no answer, a reset, HTTP 5xx). Waiting for one of this gateway's own pooled
   * connections is outside it, so a call whose deadline passes in that queue ({@code queued}) neither counts against
   * LiveKit nor resets the breaker's count; and while the breaker is half-open, only the probe is sent, the other
   * calls that got a connection are reset unsent.
   */
  private Future<Answer> exchange(String method, RequestOptions options, Buffer body, long deadline,
                                  boolean guarded) {
    long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - clock.nanoTime());
    if (leftMs <= 0) {
      return Future.failedFuture(deadlineExceeded(method, LiveKitException.Flag.QUEUED));
    }
    Promise<Answer> answer = Promise.promise();
    AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
    long timer = vertx.setTimer(leftMs, id -> {
      HttpClientRequest request = inFlight.get();
      if (answer.tryFail(request != null ? deadlineExceeded(method, LiveKitException.Flag.NONE)
          : deadlineExceeded(method, LiveKitException.Flag.QUEUED)) && request != null) {
        request.reset(); // LiveKit's answer, if it ever comes, is not waited for
      }
    });
    http.request(options).onComplete(connected -> {
      if (connected.failed()) {
        vertx.cancelTimer(timer);
        LiveKitException refused = new LiveKitException(LiveKitException.UNAVAILABLE, 0,
            "LiveKit " + method + " failed: no connection: " + connected.cause().getMessage(), connected.cause(),
            LiveKitException.Flag.NOT_SENT);
        judged(guarded, () -> Future.<Answer>failedFuture(refused))
            .onComplete(ar -> answer.tryFail(classify(method, ar.cause())));
        return;
      }
      HttpClientRequest request = connected.result();
      // a reset (below, or by the deadline timer) is reported here; without a handler Vert.x logs it as SEVERE
      request.exceptionHandler(e -> answer.tryFail(new LiveKitException(LiveKitException.UNAVAILABLE, 0,
          "LiveKit " + method + " failed: " + e.getMessage(), e)));
      inFlight.set(request);
      if (answer.future().isComplete()) {
        request.reset(); // the deadline passed while this waited for a pooled connection: never sent
        return;
      }
      judged(guarded, () -> (body == null ? request.send() : request.send(body))
          .compose(response -> response.body().map(b -> new Answer(response.statusCode(), b)))
          // a 5xx fails here, inside the breaker, which counts it; other answers are LiveKit working
          .compose(a -> a.status() >= 500 ? Future.failedFuture(TwirpResponses.error(a.status(), a.body()))
              : Future.succeededFuture(a)))
          .onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
              answer.tryComplete(ar.result());
            } else if (ar.cause() instanceof OpenCircuitException) {
              answer.tryFail(circuitOpen(method)); // first: the reset below reports itself too
              request.reset(); // half-open, and another call is the probe: this one is not sent
            } else {
              answer.tryFail(ar.cause() instanceof LiveKitException lk ? lk
                  : new LiveKitException(LiveKitException.UNAVAILABLE, 0,
                      "LiveKit " + method + " failed: " + ar.cause().getMessage(), ar.cause()));
            }
          });
    });
    return answer.future();
  }

  /** {@code step} through the host's breaker, or as it is. */
  private Future<Answer> judged(boolean guarded, java.util.function.Supplier<Future<Answer>> step) {
    return guarded ? breaker.execute(step) : step.get();
  }

  private LiveKitException circuitOpen(String method) {
    return new LiveKitException(LiveKitException.UNAVAILABLE, 0,
        "LiveKit " + method + " not sent: the circuit breaker of " + host + " is open", null,
        LiveKitException.Flag.CIRCUIT_OPEN);
  }

  private LiveKitException deadlineExceeded(String method, LiveKitException.Flag flag) {
    return new LiveKitException(LiveKitException.DEADLINE_EXCEEDED, 0, flag == LiveKitException.Flag.QUEUED
        ? "LiveKit " + method + " not sent: no pooled connection was free within " + timeoutMs + " ms"
        : "LiveKit " + method + " did not answer within " + timeoutMs + " ms", null, flag);
  }

  private LiveKitException classify(String method, Throwable e) {
    if (e instanceof LiveKitException lk) {
      return lk;
    }
    if (e instanceof OpenCircuitException) {
      return circuitOpen(method);
    }
    return new LiveKitException("unknown", 0, "LiveKit " + method + " failed: " + e, e);
  }

  /**
   * What the breaker counts: the host gave no answer (refused, reset, deadline after sending) or a 5xx /
   * {@code unavailable}.
   * Twirp errors about the request ({@code not_found}, {@code invalid_argument}, 429) show a working host.
   */
  static boolean countsAgainstHost(Throwable e) {
    if (!(e instanceof LiveKitException lk)) {
      return true;
    }
    if (lk.queued()) {
      return false; // this gateway's pool was saturated: a burst must not open the breaker of a working LiveKit
    }
    return lk.httpStatus() == 0 || lk.httpStatus() >= 500 || LiveKitException.UNAVAILABLE.equals(lk.twirpCode())
        || LiveKitException.DEADLINE_EXCEEDED.equals(lk.twirpCode());
  }

  private static String stateLabel(CircuitBreakerState state) {
    return switch (state) {
      case CLOSED -> "closed";
      case OPEN -> "open";
      case HALF_OPEN -> "half_open";
    };
  }

  private static String hostOf(String baseUrl) {
    URI uri = URI.create(baseUrl);
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    return uri.getHost() + ":" + port;
  }

  public Future<Void> close() {
    breaker.close();
    return http.close();
  }
}
