package io.roomgate.api.tencent;

import io.roomgate.metrics.RequestOutcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tencent answers are HTTP 200 whatever happened; the request metrics count them by ErrorCode instead. */
class TencentOutcomeTest {
  @Test
  void errorCodesMapToOutcomes() {
    assertEquals(RequestOutcome.RATE_LIMITED, TencentResponses.outcome(60007));
    assertEquals(RequestOutcome.AUTH_FAILED, TencentResponses.outcome(70001));
    assertEquals(RequestOutcome.AUTH_FAILED, TencentResponses.outcome(70009));
    assertEquals(RequestOutcome.AUTH_FAILED, TencentResponses.outcome(60010));
    assertEquals(RequestOutcome.AUTH_FAILED, TencentResponses.outcome(60006));
    assertEquals(RequestOutcome.UPSTREAM_ERROR, TencentResponses.outcome(100001));
    assertEquals(RequestOutcome.CLIENT_ERROR, TencentResponses.outcome(100002));
    assertEquals(RequestOutcome.CLIENT_ERROR, TencentResponses.outcome(100004));
    assertEquals(RequestOutcome.CLIENT_ERROR, TencentResponses.outcome(60009));
  }
}
