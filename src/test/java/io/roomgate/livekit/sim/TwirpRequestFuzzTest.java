package io.roomgate.livekit.sim;

import com.google.protobuf.Message;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.DeleteRoomRequest;
import livekit.LivekitRoom.ListParticipantsRequest;
import livekit.LivekitRoom.ListRoomsRequest;
import livekit.LivekitRoom.MuteRoomTrackRequest;
import livekit.LivekitRoom.SendDataRequest;
import livekit.LivekitRoom.UpdateParticipantRequest;
import livekit.LivekitRoom.UpdateRoomMetadataRequest;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Twirp request decoding of the LiveKit simulator: any body, in either codec (the first byte picks the codec and the
 * request type), decodes to a message or a {@link TwirpException} ("malformed"), never another exception or error.
 */
class TwirpRequestFuzzTest {
  private static final Message[] TYPES = {CreateRoomRequest.getDefaultInstance(),
      ListRoomsRequest.getDefaultInstance(), DeleteRoomRequest.getDefaultInstance(),
      ListParticipantsRequest.getDefaultInstance(), MuteRoomTrackRequest.getDefaultInstance(),
      UpdateParticipantRequest.getDefaultInstance(), SendDataRequest.getDefaultInstance(),
      UpdateRoomMetadataRequest.getDefaultInstance()};

  @FuzzTest
  void anyBodyDecodesOrIsMalformed(byte[] input) {
    if (input.length == 0) {
      return;
    }
    TwirpCodec codec = (input[0] & 0x80) == 0 ? TwirpCodec.JSON : TwirpCodec.PROTOBUF;
    Message type = TYPES[(input[0] & 0x7f) % TYPES.length];
    try {
      assertNotNull(codec.decode(Buffer.buffer(input).slice(1, input.length), type));
    } catch (TwirpException expected) {
      // the simulator answers 400 malformed
    }
  }
}
