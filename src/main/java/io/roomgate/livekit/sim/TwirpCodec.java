package io.roomgate.livekit.sim;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The two Twirp wire codecs, picked by the request's Content-Type like the generated Twirp server does. */
enum TwirpCodec {
  JSON("application/json") {
    @Override
    <M extends Message> M decode(Buffer body, M prototype) throws TwirpException {
      String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
      if (text.isBlank()) {
        throw TwirpException.malformed("the json request could not be decoded");
      }
      try {
        return ProtoJson.parse(text, prototype);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        throw TwirpException.malformed("the json request could not be decoded");
      }
    }

    @Override
    Buffer encode(Message message) {
      return Buffer.buffer(ProtoJson.print(message));
    }
  },

  PROTOBUF("application/protobuf") {
    @Override
    <M extends Message> M decode(Buffer body, M prototype) throws TwirpException {
      byte[] bytes = body == null ? new byte[0] : body.getBytes();
      try {
        @SuppressWarnings("unchecked")
        M parsed = (M) prototype.getParserForType().parseFrom(bytes);
        return parsed;
      } catch (InvalidProtocolBufferException e) {
        throw TwirpException.malformed("the protobuf request could not be decoded");
      }
    }

    @Override
    Buffer encode(Message message) {
      return Buffer.buffer(message.toByteArray());
    }
  };

  private final String contentType;

  TwirpCodec(String contentType) {
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  abstract <M extends Message> M decode(Buffer body, M prototype) throws TwirpException;

  abstract Buffer encode(Message message);

  /** Parameters such as {@code ;charset=utf-8} are ignored, the media type is case-insensitive; null = unsupported. */
  static TwirpCodec forContentType(String header) {
    if (header == null) {
      return null;
    }
    int semicolon = header.indexOf(';');
    String mediaType = (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    for (TwirpCodec codec : values()) {
      if (codec.contentType.equals(mediaType)) {
        return codec;
      }
    }
    return null;
  }
}
