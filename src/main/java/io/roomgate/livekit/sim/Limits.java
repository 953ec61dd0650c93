package io.roomgate.livekit.sim;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** LiveKit's default size limits (livekit pkg/config/config.go), checked before any state changes. */
final class Limits {
  static final int MAX_ROOM_NAME_BYTES = 256;
  static final int MAX_IDENTITY_BYTES = 256;
  static final int MAX_PARTICIPANT_NAME_BYTES = 256;
  static final int MAX_METADATA_BYTES = 512 * 1024;
  static final int MAX_ATTRIBUTES_BYTES = 64 * 1024;

  private Limits() {
  }

  static void roomName(String name) throws TwirpException {
    check(name, MAX_ROOM_NAME_BYTES, "room name length exceeds limits");
  }

  static void identity(String identity) throws TwirpException {
    check(identity, MAX_IDENTITY_BYTES, "identity length exceeds limits");
  }

  static void participantName(String name) throws TwirpException {
    check(name, MAX_PARTICIPANT_NAME_BYTES, "name length exceeds limits");
  }

  static void metadata(String metadata) throws TwirpException {
    check(metadata, MAX_METADATA_BYTES, "metadata size exceeds limits");
  }

  static void attributes(Map<String, String> attributes) throws TwirpException {
    int total = 0;
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      total += bytes(e.getKey()) + bytes(e.getValue());
    }
    if (total > MAX_ATTRIBUTES_BYTES) {
      throw TwirpException.invalidArgument("attributes size exceeds limits", String.valueOf(MAX_ATTRIBUTES_BYTES));
    }
  }

  private static void check(String value, int limit, String argument) throws TwirpException {
    if (bytes(value) > limit) {
      throw TwirpException.invalidArgument(argument, String.valueOf(limit));
    }
  }

  private static int bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }
}
