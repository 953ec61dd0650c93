package io.roomgate.livekit.sim;

import java.util.Map;
import java.util.Objects;

/**
 * Where the simulator listens and which API keys it accepts.
 *
 * @param host    interface to bind, e.g. {@code 127.0.0.1}
 * @param port    port to bind; 0 picks a free one (read it back with {@link LiveKitSimulator#port()})
 * @param apiKeys API key -> API secret, as LiveKit's {@code keys:} config
 */
public record SimulatorOptions(String host, int port, Map<String, String> apiKeys) {
  public SimulatorOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    apiKeys = Map.copyOf(Objects.requireNonNull(apiKeys, "apiKeys"));
  }
}
