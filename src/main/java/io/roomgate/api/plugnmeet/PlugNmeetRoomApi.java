package io.roomgate.api.plugnmeet;

import io.roomgate.api.RoomMetadataDefaults;
import io.roomgate.http.EndpointContext;
import io.roomgate.http.JsonBodies;
import io.roomgate.http.TenantContext;
import io.roomgate.room.CreateRoomCommand;
import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.roomgate.room.JoinCommand;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomLimits;
import io.roomgate.room.RoomService;
import io.roomgate.schema.SchemaRegistry;
import io.roomgate.schema.RequestValidator;
import io.roomgate.schema.SchemaViolation;
import io.roomgate.room.PastRoomQuery;
import io.roomgate.config.WebhookUrl;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The endpoint stage, last on the dialect's route: the seven {@link PlugNmeetEndpoint}s. Each one: parse the
 * (already authenticated) body once, validate it against its pre-compiled schema, call the {@link RoomService},
 * render plugNmeet JSON. Every error is a {@code ctx.fail} with a {@link GatewayException}, rendered by
 * {@link PlugNmeetFailureHandler} (business errors: HTTP 200 with {@code status:false}); a rejected request changes
 * nothing.
 */
final class PlugNmeetRoomApi implements Handler<RoutingContext> {
  private static final GatewayException POST_ONLY = new GatewayException(ErrorKind.METHOD_NOT_ALLOWED,
      "method not allowed: only POST is served");
  private static final GatewayException NOT_AN_OBJECT = new GatewayException(ErrorKind.INVALID_PARAMETERS,
      "invalid request body: must be a JSON object");

  private final RoomService rooms;
  private final PlugNmeetMapper mapper;
  private final ActiveRoomAnswerCache activeRoomAnswers;
  private final RequestValidator createSchema;
  private final RequestValidator joinTokenSchema;
  private final RequestValidator roomIdSchema;
  private final RequestValidator anySchema;
  private final RequestValidator pastRoomsSchema;

  PlugNmeetRoomApi(RoomService rooms, SchemaRegistry schemas) {
    this.rooms = rooms;
    this.mapper = new PlugNmeetMapper(RoomMetadataDefaults.load());
    this.activeRoomAnswers = new ActiveRoomAnswerCache(ActiveRoomAnswerCache.DEFAULT_SLOTS);
    this.createSchema = schemas.validator("plugnmeet-create");
    this.joinTokenSchema = schemas.validator("plugnmeet-join-token");
    this.roomIdSchema = schemas.validator("plugnmeet-room-id");
    this.anySchema = schemas.validator("plugnmeet-any");
    this.pastRoomsSchema = schemas.validator("plugnmeet-fetch-past-rooms");
  }

  /** Dispatches to the request's endpoint; a path plugNmeet has but this gateway does not serve: not supported. */
  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.POST) {
      ctx.fail(POST_ONLY);
      return;
    }
    if (!(EndpointContext.find(ctx) instanceof PlugNmeetEndpoint endpoint)) {
      notSupported(ctx);
      return;
    }
    switch (endpoint) {
      case CREATE -> create(ctx);
      case GET_JOIN_TOKEN -> getJoinToken(ctx);
      case IS_ROOM_ACTIVE -> isRoomActive(ctx);
      case GET_ACTIVE_ROOM_INFO -> getActiveRoomInfo(ctx);
      case GET_ACTIVE_ROOMS_INFO -> getActiveRoomsInfo(ctx);
      case END_ROOM -> endRoom(ctx);
      case FETCH_PAST_ROOMS -> fetchPastRooms(ctx);
    }
  }

  void create(RoutingContext ctx) {
    handle(ctx, createSchema, (tenant, body) -> checkWebhookUrl(body).compose(v -> {
      CreateRoomCommand cmd = mapper.createCommand(body);
      // The schema bounds each field; this bounds the whole, as LiveKit receives it (defaults merged, serialized).
      int metadataBytes = RoomLimits.utf8Length(cmd.metadata().encode());
      if (metadataBytes > RoomLimits.MAX_METADATA_BYTES) {
        return invalid("metadata", "serialized size must be at most " + RoomLimits.MAX_METADATA_BYTES
            + " bytes, was " + metadataBytes);
      }
      return rooms.create(tenant, TenantContext.of(ctx).config().maxActiveRooms(), cmd)
          .map(room -> PlugNmeetResponses.success("success").put("room_info", PlugNmeetMapper.roomInfo(room, 0)));
    }));
  }

  /**
   * {@code metadata.webhook_url}, when not empty, must be an http(s) URL that can be delivered to (the schema checks
   * its shape; this checks the rest, e.g. the port); where it points is checked at each delivery.
   */
  private static Future<Void> checkWebhookUrl(JsonObject body) {
    String url = body.getJsonObject("metadata").getString("webhook_url", "");
    String problem = url.isEmpty() ? null : WebhookUrl.problem(url);
    return problem == null ? Future.succeededFuture() : Future.failedFuture(new GatewayException(
        ErrorKind.INVALID_PARAMETERS, new SchemaViolation("metadata.webhook_url", problem).plugNmeetText()));
  }

  void getJoinToken(RoutingContext ctx) {
    handle(ctx, joinTokenSchema, (tenant, body) -> {
      JoinCommand who = PlugNmeetMapper.joinCommand(body);
      // The schema bounds characters; LiveKit bounds the name in bytes, and the token carries the metadata.
      int nameBytes = RoomLimits.utf8Length(who.name());
      if (nameBytes > RoomLimits.MAX_PARTICIPANT_NAME_BYTES) {
        return invalid("user_info.name", "value length must be at most " + RoomLimits.MAX_PARTICIPANT_NAME_BYTES
            + " bytes");
      }
      int metadataBytes = RoomLimits.utf8Length(who.metadata());
      if (metadataBytes > RoomLimits.MAX_PARTICIPANT_METADATA_BYTES) {
        return invalid("user_info.user_metadata", "serialized size must be at most "
            + RoomLimits.MAX_PARTICIPANT_METADATA_BYTES + " bytes, was " + metadataBytes);
      }
      return rooms.joinToken(key(tenant, body), who)
          .map(token -> PlugNmeetResponses.success("success").put("token", token));
    });
  }

  private static <T> Future<T> invalid(String field, String message) {
    return Future.failedFuture(new GatewayException(ErrorKind.INVALID_PARAMETERS,
        new SchemaViolation(field, message).plugNmeetText()));
  }

  void isRoomActive(RoutingContext ctx) {
    // plugNmeet answers status:true either way and reports the state in is_active.
    handle(ctx, roomIdSchema, (tenant, body) -> rooms.findActive(key(tenant, body)).map(room -> room == null
        ? new JsonObject().put("status", true).put("msg", "room not found")
            .put("status_code", StatusCode.ROOM_NOT_FOUND.name()).put("is_active", false)
        : PlugNmeetResponses.success("room is active").put("is_active", true)));
  }

  /**
   * The hot read. Its answer is what {@code success("success").put("room", PlugNmeetMapper.room(active))} encodes
   * to, byte for byte, kept encoded by {@link ActiveRoomAnswerCache} while the room and its participants stay as
   * they are.
   */
  void getActiveRoomInfo(RoutingContext ctx) {
    parseAndValidate(ctx, roomIdSchema, (tenant, body) ->
        rooms.activeRoom(key(tenant, body), "room not found in active state").onComplete(ar -> {
          if (ar.succeeded()) {
            PlugNmeetResponses.sendSuccess(ctx, activeRoomAnswers.answer(ar.result()));
          } else {
            ctx.fail(ar.cause());
          }
        }));
  }

  void getActiveRoomsInfo(RoutingContext ctx) {
    handle(ctx, anySchema, (tenant, body) -> rooms.activeRooms(tenant).map(all -> {
      JsonArray list = new JsonArray();
      all.forEach(a -> list.add(PlugNmeetMapper.room(a)));
      return PlugNmeetResponses.success("success").put("rooms", list);
    }));
  }

  void endRoom(RoutingContext ctx) {
    handle(ctx, roomIdSchema, (tenant, body) -> rooms.end(key(tenant, body))
        .map(ended -> PlugNmeetResponses.success("success")));
  }

  void fetchPastRooms(RoutingContext ctx) {
    handle(ctx, pastRoomsSchema, (tenant, body) -> {
      PastRoomQuery query = PlugNmeetMapper.pastRoomQuery(body);
      return rooms.pastRooms(tenant, query).compose(page -> page.total() == 0
          ? Future.failedFuture(new GatewayException(ErrorKind.NOT_FOUND, "no room found"))
          : Future.succeededFuture(PlugNmeetResponses.success("success")
              .put("result", PlugNmeetMapper.pastRooms(page, query))));
    });
  }

  /** Every {@code /auth} path this gateway does not serve (recording, analytics, artifact, getClientFiles, ...). */
  static void notSupported(RoutingContext ctx) {
    ctx.fail(new GatewayException(ErrorKind.NOT_SUPPORTED, ctx.normalizedPath() + " is not supported by this gateway"));
  }

  private static RoomKey key(String tenant, JsonObject body) {
    return new RoomKey(tenant, body.getString("room_id"));
  }

  private void handle(RoutingContext ctx, RequestValidator schema,
                      BiFunction<String, JsonObject, Future<JsonObject>> operation) {
    parseAndValidate(ctx, schema, (tenant, body) -> operation.apply(tenant, body).onComplete(ar -> {
      if (ar.succeeded()) {
        PlugNmeetResponses.sendSuccess(ctx, ar.result());
      } else {
        ctx.fail(ar.cause()); // a GatewayException, or a bug: the failure handler logs it and answers 500
      }
    }));
  }

  /** Parses and validates the body; answers INVALID_PARAMETERS, or passes (tenant, body) on. */
  private void parseAndValidate(RoutingContext ctx, RequestValidator schema, BiConsumer<String, JsonObject> then) {
    JsonObject body;
    try {
      body = parse(ctx.body().buffer());
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(NOT_AN_OBJECT);
      return;
    }
    SchemaViolation violation = schema.validate(body);
    if (violation != null) {
      ctx.fail(new GatewayException(ErrorKind.INVALID_PARAMETERS, violation.plugNmeetText()));
      return;
    }
    then.accept(TenantContext.of(ctx).id(), body);
  }

  /** The body as a JSON object; an empty body is {@code {}} (plugNmeet reads it as an empty message). */
  static JsonObject parse(Buffer raw) {
    JsonObject body = JsonBodies.object(raw);
    return body == null ? new JsonObject() : body;
  }
}
