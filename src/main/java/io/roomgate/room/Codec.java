package io.roomgate.room;

/** One codec LiveKit enabled for a room, as LiveKit's {@code Codec} message reports it. */
public record Codec(String mime, String fmtpLine) {
}
