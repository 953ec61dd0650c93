package io.roomgate.livekit.sim;

import io.roomgate.config.ConnectionLimits;

import java.util.Map;
import java.util.Objects;

/**
 * Where the simulator listens and which API keys it accepts.
 *
 * @param host    interface to bind, e.g. {@code 127.0.0.1}
 * @param port    port to bind; 0 picks a free one (read it back with {@link LiveKitSimulator#port()})
 * @param apiKeys API key -> API secret, as LiveKit's {@code keys:} config
 * @param limits  slow, idle and surplus clients (embedded: the gateway's {@code server.*} values)
 */
public record SimulatorOptions(String host, int port, Map<String, String> apiKeys, ConnectionLimits limits) {
  /** With the default connection limits. */
  public SimulatorOptions(String host, int port, Map<String, String> apiKeys) {
    this(host, port, apiKeys, ConnectionLimits.DEFAULTS);
  }

  public SimulatorOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    apiKeys = Map.copyOf(Objects.requireNonNull(apiKeys, "apiKeys"));
  }
}
