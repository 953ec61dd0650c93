package io.roomgate;

/**
 * Where this process is in its life, as {@code /ready} and the public listener show it:
 * <ul>
 *   <li>{@link Phase#WARMING_UP} from start until {@link Warmup} has opened the pools, loaded the scripts and run the
 *       pipelines hot: {@code /ready} answers 503, so no load balancer sends work to a cold JVM;</li>
 *   <li>{@link Phase#SERVING}: {@code /ready} answers what the dependency probe says;</li>
 *   <li>{@link Phase#DRAINING} after SIGTERM: {@code /ready} answers 503 at once so that load balancers stop sending
 *       new work, and every answer of the public listener carries {@code Connection: close} so that clients take
 *       their next request elsewhere instead of reusing a connection that is about to go away.</li>
 * </ul>
 */
final class Lifecycle {
  enum Phase { WARMING_UP, SERVING, DRAINING }

  private volatile Phase phase = Phase.WARMING_UP;

  void serving() {
    if (phase == Phase.WARMING_UP) {
      phase = Phase.SERVING;
    }
  }

  void draining() {
    phase = Phase.DRAINING;
  }

  Phase phase() {
    return phase;
  }

  boolean isDraining() {
    return phase == Phase.DRAINING;
  }
}
