package io.roomgate.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates the rooms a read simulation needs, before its load starts (Gatling's {@code before()} hook), with the
 * JDK's HTTP client and a bounded number of requests in flight. Creating an active room again is harmless in both
 * dialects, so a run can reuse a gateway. A 429 (the tenant's rate limit) or a transient failure (the store or
 * LiveKit, typically a cold gateway opening its first Redis connections) is retried after a short pause.
 */
final class RoomSeeder {
  private RoomSeeder() {
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** Rooms {@code r0…} of every tenant through plugNmeet's {@code /auth/room/create}. */
  static void seedPlugNmeet(int tenants, int rooms) {
    seed("plugNmeet", tenants, rooms, (tenant, room) -> {
      String body = "{\"room_id\":\"" + LoadParams.room(room) + "\",\"metadata\":{\"room_title\":\"Load room "
          + room + "\",\"room_features\":{\"allow_webcams\":true}}}";
      return HttpRequest.newBuilder(URI.create(LoadParams.BASE_URL + "/auth/room/create"))
          .header("Content-Type", "application/json")
          .header("API-KEY", LoadParams.apiKey(tenant))
          .header("HASH-SIGNATURE", Signing.hmacHex(LoadParams.secret(tenant), body))
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
    }, answer -> answer.contains("\"status\":true"));
  }

  /** Rooms {@code t0…} of every tenant through Tencent's {@code create_room} (an already active room is fine). */
  static void seedTencent(int tenants, int rooms) {
    seed("Tencent", tenants, rooms, (tenant, room) -> {
      String body = "{\"RoomInfo\":{\"RoomId\":\"" + TencentScenarios.room(room)
          + "\",\"RoomType\":\"Live\",\"RoomName\":\"Load live " + room + "\",\"MaxMemberCount\":300}}";
      return HttpRequest.newBuilder(URI.create(LoadParams.BASE_URL + "/v4/live_engine_http_srv/create_room?"
              + TencentScenarios.query(tenant)))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
    }, answer -> answer.contains("\"ErrorCode\":0,") || answer.contains("\"ErrorCode\":100003,"));
  }

  interface RequestFor {
    HttpRequest make(int tenant, int room);
  }

  private static void seed(String dialect, int tenants, int rooms, RequestFor requests,
                           java.util.function.Predicate<String> ok) {
    long total = (long) tenants * rooms;
    long started = System.nanoTime();
    Semaphore inFlight = new Semaphore(LoadParams.SEED_CONCURRENCY);
    AtomicReference<String> failure = new AtomicReference<>();
    AtomicInteger done = new AtomicInteger();
    for (int t = 0; t < tenants && failure.get() == null; t++) {
      for (int r = 0; r < rooms && failure.get() == null; r++) {
        inFlight.acquireUninterruptibly();
        int tenant = t;
        int room = r;
        send(() -> requests.make(tenant, room), 0).whenComplete((answer, error) -> {
          if (error != null) {
            failure.compareAndSet(null, "tenant " + tenant + " room " + room + ": " + error);
          } else if (!ok.test(answer.body())) {
            failure.compareAndSet(null, "tenant " + tenant + " room " + room + ": HTTP " + answer.statusCode()
                + " " + answer.body());
          }
          done.incrementAndGet();
          inFlight.release();
        });
      }
    }
    inFlight.acquireUninterruptibly(LoadParams.SEED_CONCURRENCY);
    if (failure.get() != null) {
      throw new IllegalStateException("seeding " + dialect + " rooms failed: " + failure.get());
    }
    System.out.printf("seeded %d %s rooms (%d tenants x %d) in %.1f s%n", total, dialect, tenants, rooms,
        (System.nanoTime() - started) / 1e9);
  }

  private static CompletableFuture<HttpResponse<String>> send(java.util.function.Supplier<HttpRequest> request,
                                                             int attempt) {
    return CLIENT.sendAsync(request.get(), HttpResponse.BodyHandlers.ofString()).thenCompose(answer -> {
      // the tenant's rate limit, or a transient store/LiveKit failure (a cold gateway's first Redis connections)
      boolean retry = answer.statusCode() == 429 || answer.body().contains("\"ErrorCode\":60007,")
          || answer.body().contains("\"status_code\":\"INTERNAL_SERVER_ERROR\"")
          || answer.body().contains("\"ErrorCode\":100001,");
      if (retry && attempt < 50) {
        return CompletableFuture.supplyAsync(() -> null,
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
            .thenCompose(x -> send(request, attempt + 1));
      }
      return CompletableFuture.completedFuture(answer);
    });
  }
}
