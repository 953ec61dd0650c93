package io.roomgate.store;

/** A room store operation failed (e.g. Redis unreachable or answered with an error). */
public class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  protected StoreException(String message) {
    // Timeouts come in bursts under load: no stack trace to fill.
    super(message, null, false, false);
  }
}
