package io.roomgate;

/**
 * Whether this process is draining (it got SIGTERM): {@code /ready} answers 503 at once so that load balancers
 * stop sending new work, and every answer of the public listener carries {@code Connection: close} so that clients
 * take their next request elsewhere instead of reusing a connection that is about to go away.
 */
final class Draining {
  private volatile boolean on;

  void begin() {
    on = true;
  }

  boolean on() {
    return on;
  }
}
