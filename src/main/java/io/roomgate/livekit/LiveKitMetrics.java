package io.roomgate.livekit;

import java.util.function.Supplier;

/**
 * Where {@link LiveKitClient} reports its calls and its circuit breaker: the gateway's meters
 * ({@code metrics.GatewayMetrics}), or {@link #NONE}. An interface here so that the client needs nothing of
 * metrics/.
 */
public interface LiveKitMetrics {
  LiveKitMetrics NONE = new LiveKitMetrics() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void liveKitCall(String method, String twirpCode, long nanos) {
    }

    @Override
    public void liveKitCircuit(String host, Supplier<String> state) {
    }
  };

  /** False when calls need not be timed at all. */
  boolean enabled();

  /** One call: its Twirp method, its Twirp code ({@code ok} on success) and how long it took. */
  void liveKitCall(String method, String twirpCode, long nanos);

  /** The breaker of {@code host}, whose state label {@code state} reads when the meters are scraped. */
  void liveKitCircuit(String host, Supplier<String> state);
}
