package io.roomgate.livekit.sim;

import java.security.SecureRandom;

/** LiveKit-shaped ids: prefix + 12 shortuuid characters (protocol utils/guid). */
final class Ids {
  // shortuuid's alphabet: base57, no look-alike characters.
  private static final char[] ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {
  }

  static String room() {
    return "RM_" + random(12);
  }

  static String participant() {
    return "PA_" + random(12);
  }

  static String event() {
    return "EV_" + random(12);
  }

  static String track() {
    return "TR_" + random(12);
  }

  static String turnPassword() {
    return random(24);
  }

  static String random(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
