package io.roomgate.livekit.sim;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitWebhook.WebhookEvent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Sends LiveKit webhooks the way LiveKit does (spec/livekit-roomservice.md §4): {@code POST} with
 * {@code Content-Type: application/webhook+json}, a camelCase {@code WebhookEvent} body with defaults omitted, and the
 * raw JWT (no {@code Bearer}) in {@code Authorization}, signed with an API key's secret and carrying
 * {@code sha256} = base64 of the body's SHA-256. Events go out one at a time in the order they happened, each retried
 * a few times, from a bounded queue (LiveKit also drops what it cannot deliver). Runs on the simulator's context.
 */
final class WebhookEmitter implements RoomEvents {
  private static final Logger LOG = Logger.getLogger(WebhookEmitter.class.getName());
  private static final int MAX_QUEUE = 10_000;
  private static final int ATTEMPTS = 4;
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private record Pending(Buffer body, String event) {
  }

  private final Vertx vertx;
  private final WebClient client;
  private final WebClient loopbackTls;
  private final String apiKey;
  private final String apiSecret;
  private final List<String> urls = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean sending;
  private long sent;
  private long dropped;

  WebhookEmitter(Vertx vertx, String apiKey, String apiSecret) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    // https to this host: the embedded simulator's gateway, whose certificate names its public host, not 127.0.0.1,
    // and may be self-signed; loopback traffic cannot be intercepted from the network, and the webhook is
    // authenticated by its signed token either way
    this.loopbackTls = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
        .setTrustAll(true).setVerifyHost(false));
    this.apiKey = apiKey;
    this.apiSecret = apiSecret;
  }

  void urls(List<String> targets) {
    urls.clear();
    urls.addAll(targets);
  }

  JsonObject stats() {
    return new JsonObject().put("sent", sent).put("dropped", dropped).put("queued", queue.size())
        .put("urls", List.copyOf(urls));
  }

  @Override
  public void roomStarted(Room room) {
    emit(event("room_started").setRoom(room));
  }

  @Override
  public void roomFinished(Room room) {
    emit(event("room_finished").setRoom(room));
  }

  @Override
  public void participantJoined(Room room, ParticipantInfo participant) {
    emit(event("participant_joined").setRoom(room).setParticipant(participant));
  }

  @Override
  public void participantLeft(Room room, ParticipantInfo participant) {
    emit(event("participant_left").setRoom(room).setParticipant(participant));
  }

  @Override
  public void trackPublished(Room room, ParticipantInfo participant, TrackInfo track) {
    emit(event("track_published").setRoom(brief(room)).setParticipant(brief(participant)).setTrack(track));
  }

  @Override
  public void trackUnpublished(Room room, ParticipantInfo participant, TrackInfo track) {
    emit(event("track_unpublished").setRoom(brief(room)).setParticipant(brief(participant)).setTrack(track));
  }

  /** Track events carry only the room's sid/name and the participant's sid/identity, as LiveKit's do. */
  private static Room brief(Room room) {
    return Room.newBuilder().setSid(room.getSid()).setName(room.getName()).build();
  }

  private static ParticipantInfo brief(ParticipantInfo p) {
    return ParticipantInfo.newBuilder().setSid(p.getSid()).setIdentity(p.getIdentity()).build();
  }

  private static WebhookEvent.Builder event(String name) {
    return WebhookEvent.newBuilder().setEvent(name).setId(Ids.event()).setCreatedAt(System.currentTimeMillis() / 1000);
  }

  private void emit(WebhookEvent.Builder event) {
    if (urls.isEmpty()) {
      return;
    }
    String json;
    try {
      json = PRINTER.print(event.build());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print a webhook event", e);
    }
    if (queue.size() >= MAX_QUEUE) {
      queue.poll();
      dropped++;
    }
    queue.add(new Pending(Buffer.buffer(json), event.getEvent()));
    sendNext();
  }

  private void sendNext() {
    if (sending || queue.isEmpty()) {
      return;
    }
    sending = true;
    Pending next = queue.peek();
    deliver(next, 1, 0);
  }

  private static boolean isLoopbackHttps(String url) {
    return url.startsWith("https://127.0.0.1:") || url.startsWith("https://localhost:") || url.startsWith("https://[::1]:");
  }

  private void deliver(Pending p, int attempt, int urlIndex) {
    if (urlIndex >= urls.size()) {
      queue.poll();
      sent++;
      sending = false;
      sendNext();
      return;
    }
    String url = urls.get(urlIndex);
    (isLoopbackHttps(url) ? loopbackTls : client).postAbs(url)
        .putHeader("Content-Type", "application/webhook+json")
        .putHeader("User-Agent", "LiveKit")
        .putHeader("Authorization", sign(p.body()))
        .timeout(5_000)
        .sendBuffer(p.body())
        .onComplete(ar -> {
          boolean ok = ar.succeeded() && ar.result().statusCode() / 100 == 2;
          if (ok || attempt >= ATTEMPTS) {
            if (!ok) {
              dropped++;
              LOG.warning("webhook " + p.event() + " to " + urls.get(urlIndex) + " dropped after " + attempt + " attempts");
            }
            deliver(p, 1, urlIndex + 1);
          } else {
            vertx.setTimer(100L << attempt, t -> deliver(p, attempt + 1, urlIndex));
          }
        });
  }

  /** HS256 JWT with iss = API key, a 5-minute validity and the body's SHA-256. */
  String sign(Buffer body) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject()
        .put("iss", apiKey)
        .put("nbf", now)
        .put("iat", now)
        .put("exp", now + 300)
        .put("sha256", Base64.getEncoder().encodeToString(sha256(body.getBytes())));
    String header = URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    String signingInput = header + "." + payload;
    return signingInput + "." + URL.encodeToString(hmac(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  private byte[] hmac(byte[] input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
