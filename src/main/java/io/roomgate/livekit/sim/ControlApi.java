package io.roomgate.livekit.sim;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;

/**
 * Test-only control API under {@code /sim}: stands in for real clients joining, leaving and publishing, so
 * RoomService callers see real participant lists. Every call but {@code /sim/join} needs a {@code roomAdmin}
 * token of the simulator's keys ({@link ControlApiAuth}); {@code /sim/join} checks a join token like a client
 * connection would. No CORS: browsers have no business here. Bodies are JSON; replies are the same JSON as the
 * RoomService gives (snake_case), errors use the Twirp error shape. See docs/livekit-sim.md.
 */
final class ControlApi {
  private static final long MAX_BODY = 1024 * 1024;

  private final RoomRegistry registry;
  private final AccessTokenVerifier verifier;
  private final TwirpEndpoint twirp;
  private final WebhookEmitter webhooks;

  ControlApi(RoomRegistry registry, AccessTokenVerifier verifier, TwirpEndpoint twirp, WebhookEmitter webhooks) {
    this.registry = registry;
    this.verifier = verifier;
    this.twirp = twirp;
    this.webhooks = webhooks;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.route(ControlApiAuth.PREFIX + "*").handler(new ControlApiAuth(verifier)); // before every /sim route
    router.post("/sim/rooms/:room/participants").handler(body).handler(guarded(this::addParticipant));
    router.delete("/sim/rooms/:room/participants/:identity").handler(guarded(this::removeParticipant));
    router.post("/sim/rooms/:room/participants/:identity/tracks").handler(body).handler(guarded(this::publishTrack));
    router.post("/sim/participants/:room/:identity/tracks").handler(body).handler(guarded(this::publishTrack));
    router.delete("/sim/rooms/:room/participants/:identity/tracks/:track").handler(guarded(ctx -> {
      registry.unpublishTrack(ctx.pathParam("room"), ctx.pathParam("identity"), ctx.pathParam("track"));
      ctx.response().setStatusCode(204).end();
    }));
    router.post("/sim/join").handler(body).handler(guarded(this::join));
    router.get("/sim/stats").handler(ctx -> ctx.json(new JsonObject()
        .put("calls", new JsonObject(new java.util.HashMap<>(twirp.calls())))
        .put("webhooks", webhooks.stats())));
    router.put("/sim/webhooks").handler(body).handler(ctx -> {
      JsonObject in = ctx.body().asJsonObject();
      webhooks.urls(in == null ? List.of() : in.getJsonArray("urls", new io.vertx.core.json.JsonArray())
          .stream().map(String::valueOf).toList());
      ctx.json(webhooks.stats());
    });
    router.get("/sim/config").handler(guarded(this::config));
    router.put("/sim/config").handler(body).handler(guarded(this::config));
    router.delete("/sim/rooms").handler(guarded(ctx -> {
      registry.clear();
      ctx.response().setStatusCode(204).end();
    }));
  }

  @FunctionalInterface
  private interface Action {
    void run(RoutingContext ctx) throws TwirpException;
  }

  private static io.vertx.core.Handler<RoutingContext> guarded(Action action) {
    return ctx -> {
      try {
        action.run(ctx);
      } catch (TwirpException e) {
        TwirpEndpoint.writeError(ctx, e);
      }
    };
  }

  /** {"identity","name","metadata","attributes","kind","permission"} -> an ACTIVE participant in an existing room. */
  private void addParticipant(RoutingContext ctx) throws TwirpException {
    String room = ctx.pathParam("room");
    ParticipantInfo template = parse(ctx, ParticipantInfo.getDefaultInstance());
    if (!registry.exists(room)) {
      throw TwirpException.roomNotFound();
    }
    ParticipantInfo.Builder p = template.toBuilder();
    if (!template.hasPermission()) {
      p.setPermission(defaultPermission());
    }
    reply(ctx, registry.join(room, activate(p)));
  }

  private void removeParticipant(RoutingContext ctx) throws TwirpException {
    registry.removeParticipant(ctx.pathParam("room"), ctx.pathParam("identity"));
    ctx.response().setStatusCode(204).end();
  }

  /** A TrackInfo JSON body, e.g. {"type":"AUDIO","name":"mic"}; sid, mime type and source get defaults. */
  private void publishTrack(RoutingContext ctx) throws TwirpException {
    String room = ctx.pathParam("room");
    String identity = ctx.pathParam("identity");
    TrackInfo.Builder track = parse(ctx, TrackInfo.getDefaultInstance()).toBuilder();
    if (!registry.participant(room, identity).getPermission().getCanPublish()) {
      throw new TwirpException("permission_denied", "participant is not allowed to publish", Map.of());
    }
    boolean video = track.getType() == TrackType.VIDEO;
    if (track.getSid().isEmpty()) {
      track.setSid(Ids.track());
    }
    if (track.getMimeType().isEmpty()) {
      track.setMimeType(video ? "video/VP8" : "audio/opus");
    }
    if (track.getSource() == TrackSource.UNKNOWN) {
      track.setSource(video ? TrackSource.CAMERA : TrackSource.MICROPHONE);
    }
    reply(ctx, registry.publishTrack(room, identity, track.setVersion(RoomRegistry.now()).build()));
  }

  /** Joins like a client connecting with a join token: identity from sub, permissions from the video grant. */
  private void join(RoutingContext ctx) throws TwirpException {
    JsonObject claims;
    try {
      String token = ApiKeyAuthHandler.tokenOf(ctx);
      if (token == null || token.isEmpty()) {
        throw TwirpException.permissionsDenied();
      }
      claims = verifier.verify(token, System.currentTimeMillis() / 1000);
    } catch (AccessTokenVerifier.Rejected e) {
      throw new TwirpException("unauthenticated", e.getMessage(), Map.of());
    }
    VideoGrant grant = VideoGrant.of(claims);
    String room = grant.room();
    if (!grant.flag("roomJoin", false) || room.isEmpty()) {
      throw TwirpException.permissionsDenied();
    }
    Limits.roomName(room);
    ParticipantInfo.Builder p = ParticipantInfo.newBuilder()
        .setIdentity(text(claims, "sub"))
        .setName(text(claims, "name"))
        .setMetadata(text(claims, "metadata"))
        .setKind(kind(text(claims, "kind")))
        .setPermission(permission(grant));
    if (claims.getValue("attributes") instanceof JsonObject attributes) {
      attributes.forEach(e -> {
        if (e.getValue() instanceof String value) {
          p.putAttributes(e.getKey(), value);
        }
      });
    }
    registry.ensureRoom(room); // LiveKit's room.auto_create
    reply(ctx, registry.join(room, activate(p)));
  }

  /** GET shows, PUT {"enable_remote_unmute":bool} sets LiveKit's room config switches. */
  private void config(RoutingContext ctx) throws TwirpException {
    if (ctx.body().available() && !ctx.body().isEmpty()) {
      JsonObject body;
      try {
        body = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        throw TwirpException.malformed("the json request could not be decoded");
      }
      if (body.getValue("enable_remote_unmute") instanceof Boolean enabled) {
        registry.setRemoteUnmuteEnabled(enabled);
      }
    }
    ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("enable_remote_unmute", registry.remoteUnmuteEnabled()).encode());
  }

  /** Fills the fields LiveKit sets when a participant becomes ACTIVE. */
  private static ParticipantInfo activate(ParticipantInfo.Builder p) throws TwirpException {
    if (p.getIdentity().isEmpty()) {
      throw TwirpException.invalidArgument("identity", "is required");
    }
    Limits.identity(p.getIdentity());
    Limits.participantName(p.getName());
    Limits.metadata(p.getMetadata());
    Limits.attributes(p.getAttributesMap());
    long nowMs = System.currentTimeMillis();
    for (int i = 0; i < p.getTracksCount(); i++) {
      if (p.getTracks(i).getSid().isEmpty()) {
        p.setTracks(i, p.getTracks(i).toBuilder().setSid(Ids.track()));
      }
    }
    return p.setSid(Ids.participant())
        .setState(ParticipantInfo.State.ACTIVE)
        .setJoinedAt(nowMs / 1000)
        .setJoinedAtMs(nowMs)
        .setVersion(1)
        .setIsPublisher(p.getTracksCount() > 0)
        .build();
  }

  private static ParticipantPermission defaultPermission() {
    return ParticipantPermission.newBuilder()
        .setCanSubscribe(true).setCanPublish(true).setCanPublishData(true).build();
  }

  /** The token grant's participant permissions; publish/subscribe/data default to allowed, as in LiveKit. */
  private static ParticipantPermission permission(VideoGrant grant) {
    ParticipantPermission.Builder b = ParticipantPermission.newBuilder()
        .setCanSubscribe(grant.flag("canSubscribe", true))
        .setCanPublish(grant.flag("canPublish", true))
        .setCanPublishData(grant.flag("canPublishData", true))
        .setHidden(grant.flag("hidden", false))
        .setCanUpdateMetadata(grant.flag("canUpdateOwnMetadata", false))
        .setCanSubscribeMetrics(grant.flag("canSubscribeMetrics", false));
    for (Object source : grant.list("canPublishSources")) {
      try {
        b.addCanPublishSources(TrackSource.valueOf(String.valueOf(source).toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException ignored) {
        // LiveKit drops source names it does not know
      }
    }
    return b.build();
  }

  private static ParticipantInfo.Kind kind(String claim) {
    try {
      return claim.isEmpty() ? ParticipantInfo.Kind.STANDARD
          : ParticipantInfo.Kind.valueOf(claim.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return ParticipantInfo.Kind.STANDARD;
    }
  }

  private static String text(JsonObject claims, String name) {
    return claims.getValue(name) instanceof String value ? value : "";
  }

  private static <M extends Message> M parse(RoutingContext ctx, M prototype) throws TwirpException {
    String json = ctx.body().asString();
    if (json == null || json.isBlank()) {
      return prototype;
    }
    try {
      return ProtoJson.parse(json, prototype);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw TwirpException.malformed("the json request could not be decoded");
    }
  }

  private static void reply(RoutingContext ctx, Message message) {
    ctx.response().putHeader("Content-Type", "application/json").end(ProtoJson.print(message));
  }
}
