package io.roomgate.livekit.sim;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/** The JSON dialect LiveKit's Twirp server speaks (spec §2.3): proto names, defaults emitted, unknown keys ignored. */
final class ProtoJson {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
      .preservingProtoFieldNames()
      .alwaysPrintFieldsWithNoPresence()
      .omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private ProtoJson() {
  }

  static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print; the simulator never builds those.
      throw new IllegalStateException(e);
    }
  }

  /** Reads snake_case or camelCase keys into a fresh builder of the prototype's type. */
  static <M extends Message> M parse(String json, M prototype) throws InvalidProtocolBufferException {
    Message.Builder builder = prototype.newBuilderForType();
    PARSER.merge(json, builder);
    @SuppressWarnings("unchecked")
    M built = (M) builder.build();
    return built;
  }
}
