package io.roomgate.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code tenants[].plugnmeet.replay_window_seconds}: off unless set, 1-3600 when set, the key named when wrong. */
class ReplayWindowConfigTest {
  private static final String BASE = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n"
      + "tenants:\n  - id: a\n    plugnmeet: {api_key: k, api_secret: s-0123456789abcdef%s}\n";

  @Test
  void offUnlessSet() {
    assertEquals(0, parse("").tenants().get(0).plugnmeet().replayWindowSeconds());
    assertEquals(300, parse(", replay_window_seconds: 300").tenants().get(0).plugnmeet().replayWindowSeconds());
    assertEquals(3600, parse(", replay_window_seconds: 3600").tenants().get(0).plugnmeet().replayWindowSeconds());
  }

  @Test
  void outOfRangeOrNotANumberNamesTheKey() {
    assertEquals("tenants[0].plugnmeet.replay_window_seconds: must be between 1 and 3600, was 0",
        error(", replay_window_seconds: 0"));
    assertEquals("tenants[0].plugnmeet.replay_window_seconds: must be between 1 and 3600, was 3601",
        error(", replay_window_seconds: 3601"));
    assertEquals("tenants[0].plugnmeet.replay_window_seconds: must be a whole number",
        error(", replay_window_seconds: 5m"));
  }

  private static GatewayConfig parse(String extra) {
    return ConfigLoader.parse(BASE.formatted(extra));
  }

  private static String error(String extra) {
    return assertThrows(ConfigException.class, () -> parse(extra)).getMessage();
  }
}
