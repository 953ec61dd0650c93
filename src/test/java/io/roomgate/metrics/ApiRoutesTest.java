package io.roomgate.metrics;

import io.roomgate.api.plugnmeet.PlugNmeetEndpoint;
import io.roomgate.api.tencent.TencentEndpoint;

import io.vertx.core.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiRoutesTest {
  private final ApiRoutes routes =
      ApiRoutes.standard(PlugNmeetEndpoint.apiNames(), TencentEndpoint.apiNames());

  @Test
  void knownRoutesKeepTheirLastSegment() {
    assertEquals(new ApiRoutes.Route("plugnmeet", "getActiveRoomInfo"), routes.classify("/auth/room/getActiveRoomInfo"));
    assertEquals(new ApiRoutes.Route("tencent", "create_room"), routes.classify("/v4/live_engine_http_srv/create_room"));
    assertEquals(new ApiRoutes.Route("livekit-webhook", "webhook"), routes.classify("/webhook"));
  }

  @Test
  void everythingElseIsUnknownSoLabelsStayBounded() {
    assertEquals(new ApiRoutes.Route("plugnmeet", "unknown"), routes.classify("/auth/room/create/" + System.nanoTime()));
    assertEquals(new ApiRoutes.Route("plugnmeet", "unknown"), routes.classify("/auth/recording/fetch"));
    assertEquals(new ApiRoutes.Route("tencent", "unknown"), routes.classify("/v4/live_engine_http_srv/drop_tables"));
    assertEquals(new ApiRoutes.Route("other", "unknown"), routes.classify("/webhook/x"));
    assertEquals(new ApiRoutes.Route("other", "unknown"), routes.classify("/" + HttpHeaders.AUTHORIZATION));
    assertEquals(new ApiRoutes.Route("other", "unknown"), routes.classify(null));
  }

  @Test
  void outcomesFallBackToTheHttpStatus() {
    assertEquals(RequestOutcome.SUCCESS, RequestOutcome.fromHttpStatus(204));
    assertEquals(RequestOutcome.AUTH_FAILED, RequestOutcome.fromHttpStatus(401));
    assertEquals(RequestOutcome.RATE_LIMITED, RequestOutcome.fromHttpStatus(429));
    assertEquals(RequestOutcome.CLIENT_ERROR, RequestOutcome.fromHttpStatus(413));
    assertEquals(RequestOutcome.UPSTREAM_ERROR, RequestOutcome.fromHttpStatus(503));
    assertEquals(RequestOutcome.SERVER_ERROR, RequestOutcome.fromHttpStatus(500));
  }
}
