package io.roomgate.api.tencent;

import io.roomgate.api.RoomMetadataDefaults;
import io.roomgate.http.EndpointContext;
import io.roomgate.http.JsonBodies;
import io.roomgate.http.TenantContext;
import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomLimits;
import io.roomgate.room.RoomService;
import io.roomgate.schema.RequestValidator;
import io.roomgate.schema.SchemaRegistry;
import io.roomgate.schema.SchemaViolation;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * The endpoint stage, last on the dialect's route: the five {@link TencentEndpoint} commands. Each one: parse the
 * (already authenticated) body once, validate it against its pre-compiled schema (100002 naming the field), call
 * the {@link RoomService}, render the Tencent envelope. Every error is a {@code ctx.fail} with a
 * {@link GatewayException}, rendered by {@link TencentFailureHandler}; a rejected request changes nothing.
 */
final class TencentRoomApi implements Handler<RoutingContext> {
  private static final GatewayException NOT_AN_OBJECT = new GatewayException(ErrorKind.INVALID_PARAMETERS,
      TencentError.JSON_PARSE.info, TencentError.JSON_PARSE);
  private static final GatewayException CREATE_TOO_OFTEN = new GatewayException(ErrorKind.QUOTA_EXCEEDED,
      TencentError.CREATE_TOO_OFTEN.info, TencentError.CREATE_TOO_OFTEN);
  private static final GatewayException ROOM_EXISTS = new GatewayException(ErrorKind.ROOM_EXISTS,
      TencentError.ROOM_EXISTS.info, TencentError.ROOM_EXISTS);
  private static final GatewayException ROOM_NOT_FOUND = new GatewayException(ErrorKind.ROOM_NOT_FOUND,
      TencentError.ROOM_NOT_FOUND.info, TencentError.ROOM_NOT_FOUND);
  /** Byte limits of spec/tencent-live-room.md §1 (the schemas bound characters; these bound UTF-8 bytes). */
  static final int MAX_ROOM_NAME_BYTES = 100;
  static final int MAX_COVER_URL_BYTES = 200;
  static final int MAX_NOTICE_BYTES = 100;

  private final RoomService rooms;
  private final CreateRoomThrottle createThrottle;
  private final TencentMapper mapper;
  private final RequestValidator createSchema;
  private final RequestValidator updateSchema;
  private final RequestValidator roomIdSchema;
  private final RequestValidator listSchema;

  TencentRoomApi(RoomService rooms, SchemaRegistry schemas, CreateRoomThrottle createThrottle) {
    this.rooms = rooms;
    this.createThrottle = createThrottle;
    this.mapper = new TencentMapper(RoomMetadataDefaults.load());
    this.createSchema = schemas.validator("tencent-create-room");
    this.updateSchema = schemas.validator("tencent-update-room");
    this.roomIdSchema = schemas.validator("tencent-room-id");
    this.listSchema = schemas.validator("tencent-room-list");
  }

  /** Dispatches to the command the {@link TencentCommandGuard} found. */
  @Override
  public void handle(RoutingContext ctx) {
    switch ((TencentEndpoint) EndpointContext.find(ctx)) {
      case CREATE_ROOM -> createRoom(ctx);
      case DESTROY_ROOM -> destroyRoom(ctx);
      case UPDATE_ROOM_INFO -> updateRoomInfo(ctx);
      case GET_ROOM_INFO -> getRoomInfo(ctx);
      case GET_ROOM_LIST -> getRoomList(ctx);
    }
  }

  void createRoom(RoutingContext ctx) {
    handle(ctx, createSchema, (tenant, body) -> {
      JsonObject info = body.getJsonObject("RoomInfo");
      RoomKey key = new RoomKey(tenant, info.getString("RoomId"));
      return checkBytes(info)
          .compose(v -> createThrottle.tryAcquire(key))
          .compose(admitted -> admitted ? rooms.findActive(key) : Future.failedFuture(CREATE_TOO_OFTEN))
          // Tencent's create is not idempotent: an active RoomId is 100003, whichever dialect created it.
          .compose(existing -> existing != null ? Future.failedFuture(ROOM_EXISTS)
              : rooms.create(tenant, TenantContext.of(ctx).config().maxActiveRooms(),
                  mapper.createCommand(info, TencentAuthHandler.identifier(ctx))))
          .map(room -> new JsonObject().put("RoomId", room.roomId()));
    });
  }

  void destroyRoom(RoutingContext ctx) {
    handle(ctx, roomIdSchema, (tenant, body) -> rooms.end(new RoomKey(tenant, body.getString("RoomId")))
        .map(ended -> (JsonObject) null));
  }

  void updateRoomInfo(RoutingContext ctx) {
    handle(ctx, updateSchema, (tenant, body) -> {
      JsonObject info = body.getJsonObject("RoomInfo");
      return checkBytes(info)
          .compose(v -> rooms.update(new RoomKey(tenant, info.getString("RoomId")), TencentMapper.update(info))
              // Only the name reaches the room's metadata (as room_title), so only it can take it past its limit.
              .recover(e -> e instanceof GatewayException g && g.kind() == ErrorKind.INVALID_PARAMETERS
                  ? invalid("RoomInfo.RoomName", "with this name the room's metadata would exceed "
                      + RoomLimits.MAX_METADATA_BYTES + " bytes")
                  : Future.failedFuture(e)))
          .map(updated -> (JsonObject) null);
    });
  }

  void getRoomInfo(RoutingContext ctx) {
    handle(ctx, roomIdSchema, (tenant, body) -> rooms.findActive(new RoomKey(tenant, body.getString("RoomId")))
        .compose(room -> room == null ? Future.failedFuture(ROOM_NOT_FOUND)
            : Future.succeededFuture(new JsonObject().put("RoomInfo", TencentMapper.roomInfo(room)))));
  }

  void getRoomList(RoutingContext ctx) {
    handle(ctx, listSchema, (tenant, body) -> {
      String after = TencentMapper.decodeCursor(body.getString("Next", ""));
      if (after == null) {
        return invalid("Next", "value is not a cursor returned by get_room_list");
      }
      int count = body.getInteger("Count", TencentMapper.DEFAULT_PAGE);
      return rooms.activePage(tenant, after, count, TencentMapper::publicVisible).map(TencentMapper::roomList);
    });
  }

  private static Future<Void> checkBytes(JsonObject info) {
    if (tooLong(info, "RoomName", MAX_ROOM_NAME_BYTES)) {
      return invalid("RoomInfo.RoomName", "value length must be at most " + MAX_ROOM_NAME_BYTES + " bytes");
    }
    if (tooLong(info, "CoverURL", MAX_COVER_URL_BYTES)) {
      return invalid("RoomInfo.CoverURL", "value length must be at most " + MAX_COVER_URL_BYTES + " bytes");
    }
    if (tooLong(info, "Notice", MAX_NOTICE_BYTES)) {
      return invalid("RoomInfo.Notice", "value length must be at most " + MAX_NOTICE_BYTES + " bytes");
    }
    return Future.succeededFuture();
  }

  private static boolean tooLong(JsonObject info, String field, int maxBytes) {
    String v = info.getString(field);
    // Characters are already bounded by the schema; only multi-byte text can exceed the byte limit.
    return v != null && v.length() * 3 > maxBytes && v.getBytes(StandardCharsets.UTF_8).length > maxBytes;
  }

  private static <T> Future<T> invalid(String field, String message) {
    return Future.failedFuture(invalidParameter(field, message));
  }

  private static GatewayException invalidParameter(String field, String message) {
    return new GatewayException(ErrorKind.INVALID_PARAMETERS,
        TencentError.INVALID_PARAMETER.info + ": " + field + ": " + message, TencentError.INVALID_PARAMETER);
  }

  private void handle(RoutingContext ctx, RequestValidator schema,
                      BiFunction<String, JsonObject, Future<JsonObject>> operation) {
    JsonObject body;
    try {
      body = parse(ctx.body().buffer());
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(NOT_AN_OBJECT);
      return;
    }
    SchemaViolation violation = schema.validate(body);
    if (violation != null) {
      ctx.fail(invalidParameter(violation.fieldPath(), violation.message()));
      return;
    }
    Future<JsonObject> result;
    try {
      result = operation.apply(TenantContext.of(ctx).id(), body);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        TencentResponses.ok(ctx, ar.result());
      } else {
        ctx.fail(ar.cause()); // a GatewayException, or a bug: the failure handler logs it and answers 100001
      }
    });
  }

  /** The body as a JSON object. Tencent requires a body: an empty one is a parse error (send {@code {}}). */
  static JsonObject parse(Buffer raw) {
    JsonObject body = JsonBodies.object(raw);
    if (body == null) {
      throw new DecodeException("empty body");
    }
    return body;
  }
}
