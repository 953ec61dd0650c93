package io.roomgate.config;

/** A configuration error; the message always starts with the offending key's path. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String keyPath, String problem) {
    super(keyPath + ": " + problem);
  }
}
