package io.roomgate.room;

import java.nio.charset.StandardCharsets;

/**
 * Size limits of what a tenant stores in a room, checked by name wherever the room changes (after LiveKit's
 * {@code limitConf.CheckMetadataSize}). The dialects check the same limits first, to name their own field.
 */
public final class RoomLimits {
  /**
   * Largest room metadata, in UTF-8 bytes of its serialized JSON (exactly what LiveKit receives). 64,000 is the
   * bound of issue 11, named after LiveKit's {@code limit.max_metadata_size} setting; a self-hosted LiveKit's
   * default is 512 KiB (spec/livekit-roomservice.md §6), so whatever passes here LiveKit accepts too.
   */
  public static final int MAX_METADATA_BYTES = 64_000;

  /** Largest participant name in UTF-8 bytes: LiveKit's own limit (spec/livekit-roomservice.md §6). */
  public static final int MAX_PARTICIPANT_NAME_BYTES = 256;

  /**
   * Largest participant metadata a join token carries, in UTF-8 bytes of its JSON: a join token travels in a URL
   * ({@code ?access_token=}) or a header, so it is kept well under common 32 KiB header and URL limits.
   */
  public static final int MAX_PARTICIPANT_METADATA_BYTES = 16_000;

  private RoomLimits() {
  }

  /** UTF-8 length of {@code s}, without allocating. */
  public static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * {@code null} when the serialized metadata fits, else an {@link ErrorKind#INVALID_PARAMETERS} failure whose
   * message starts with the field, {@code metadata: ...}.
   */
  public static GatewayException checkMetadataSize(String serializedMetadata) {
    int bytes = utf8Length(serializedMetadata);
    return bytes <= MAX_METADATA_BYTES ? null : new GatewayException(ErrorKind.INVALID_PARAMETERS,
        metadataTooLarge(bytes));
  }

  /** {@code metadata: serialized size must be at most 64000 bytes, was N}. */
  public static String metadataTooLarge(int bytes) {
    return "metadata: serialized size must be at most " + MAX_METADATA_BYTES + " bytes, was " + bytes;
  }
}
