package io.roomgate.livekit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Parser;
import io.vertx.core.buffer.Buffer;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.ListParticipantsResponse;
import livekit.LivekitRoom.ListRoomsResponse;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Twirp reply decoding of the LiveKit client: any HTTP status and body become a message (200) or a
 * {@link LiveKitException} with a code, never another exception; a hostile or broken LiveKit (or something between)
 * cannot make a request fail with a 500 of ours.
 */
class TwirpResponseFuzzTest {
  private static final Parser<?>[] PARSERS = {Room.parser(), ListRoomsResponse.parser(),
      ListParticipantsResponse.parser()};

  @FuzzTest
  void anyReplyDecodesOrIsALiveKitError(FuzzedDataProvider data) {
    int status = data.consumeBoolean() ? 200 : data.consumeInt(100, 599);
    Parser<?> parser = PARSERS[data.consumeInt(0, PARSERS.length - 1)];
    byte[] body = data.consumeRemainingAsBytes();
    try {
      assertNotNull(TwirpResponses.decode(status, Buffer.buffer(body), parser));
    } catch (LiveKitException e) {
      assertNotNull(e.twirpCode(), "a LiveKit error without a code");
    }
  }
}
