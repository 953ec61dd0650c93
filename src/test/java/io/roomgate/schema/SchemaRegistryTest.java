package io.roomgate.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaRegistryTest {

  /** spec/plugnmeet-api.md §4, "minimal valid". */
  static final String MINIMAL_CREATE = """
    {"room_id":"room01","max_participants":50,
     "metadata":{"room_title":"Demo","webhook_url":"https://app.example/hook",
      "room_features":{"allow_webcams":true,"allow_screen_share":true,
       "recording_features":{"is_allow":true,"is_allow_cloud":true},
       "chat_features":{"is_allow":true}}}}""";

  /** Seed 003's example, verbatim. */
  static final String SEED_003_CREATE = """
    {
    "room_id": "room01",
    "metadata": {
    "room_title": "Test room",
    "welcome_message": "Welcome to room",
    "room_features": {
    "allow_webcams": true,
    "mute_on_start": false,
    "allow_screen_share": true,
    "allow_rtmp": true,
    "admin_only_webcams": false,
    "allow_view_other_webcams": true,
    "allow_view_other_users_list": true,
    "allow_polls": true,
    "room_duration": 0,
    "recording_features": {
    "is_allow": true,
    "is_allow_cloud": true,
    "is_allow_local": true,
    "enable_auto_cloud_recording": false
    },
    "chat_features": {
    "allow_chat": true,
    "allow_file_upload": true
    },
    "shared_note_pad_features": {
    "allowed_shared_note_pad": true
    },
    "whiteboard_features": {
    "allowed_whiteboard": true
    },
    "external_media_player_features": {
    "allowed_external_media_player": true
    },
    "waiting_room_features": {
    "is_active": false
    },
    "breakout_room_features": {
    "is_allow": true,
    "allowed_number_rooms": 2
    },
    "display_external_link_features": {
    "is_allow": true
    }
    },
    "default_lock_settings": {
    "lock_microphone": false,
    "lock_webcam": false,
    "lock_screen_sharing": true,
    "lock_whiteboard": true,
    "lock_shared_notepad": true,
    "lock_chat": false,
    "lock_chat_send_message": false,
    "lock_chat_file_share": false,
    "lock_private_chat": false
    }
    }
    }""";

  static final String JOIN_TOKEN = """
    {"room_id":"room01","user_info":{"name":"Alice","user_id":"u_1","is_admin":true,"is_hidden":false,
     "user_metadata":{"profile_pic":"https://x.example/a.png","extra_data":"{}",
      "lock_settings":{"lock_webcam":true}}}}""";

  static SchemaRegistry registry;
  static RequestValidator create;
  static RequestValidator joinToken;
  static RequestValidator roomId;
  static RequestValidator any;
  static RequestValidator pastRooms;

  @BeforeAll
  static void load() {
    registry = SchemaRegistry.loadFromClasspath();
    create = registry.validator("plugnmeet-create");
    joinToken = registry.validator("plugnmeet-join-token");
    roomId = registry.validator("plugnmeet-room-id");
    any = registry.validator("plugnmeet-any");
    pastRooms = registry.validator("plugnmeet-fetch-past-rooms");
  }

  static JsonObject json(String s) {
    return new JsonObject(s);
  }

  static JsonObject minimalCreate() {
    return json(MINIMAL_CREATE);
  }

  static void assertText(String expected, RequestValidator v, JsonObject body) {
    SchemaViolation violation = v.validate(body);
    assertNotNull(violation, "expected a violation for " + body.encode());
    assertEquals(expected, violation.plugNmeetText());
  }

  @Nested
  class Valid {
    @Test
    void minimalCreateExample() {
      assertNull(create.validate(minimalCreate()));
    }

    @Test
    void seed003FullExample() {
      assertNull(create.validate(json(SEED_003_CREATE)));
    }

    @Test
    void featureBlocksMarkedYesAreOptional() {
      assertNull(create.validate(json("{\"room_id\":\"r\",\"metadata\":{\"room_title\":\"t\",\"room_features\":{}}}")));
    }

    @Test
    void unknownFieldsPassAtEveryLevel() {
      JsonObject body = minimalCreate().put("future_field", 1);
      body.getJsonObject("metadata").put("extra", new JsonObject().put("x", "y"))
        .getJsonObject("room_features").put("allow_something_new", "whatever");
      assertNull(create.validate(body));
      assertNull(roomId.validate(json("{\"room_id\":\"room-01_A\",\"sid\":\"x\"}")));
    }

    @Test
    void joinTokenExample() {
      assertNull(joinToken.validate(json(JOIN_TOKEN)));
    }

    @Test
    void anyObject() {
      assertNull(any.validate(new JsonObject()));
      assertNull(any.validate(json("{\"a\":[1,2]}")));
    }

    @Test
    void fetchPastRooms() {
      assertNull(pastRooms.validate(new JsonObject()));
      assertNull(pastRooms.validate(json("{\"room_ids\":[\"room01\",\"b\"],\"from\":0,\"limit\":100,\"order_by\":\"DESC\"}")));
      assertNull(pastRooms.validate(json("{\"limit\":1,\"order_by\":\"asc\"}")));
    }

    @Test
    void roomIdOf64CharactersAndUint32Max() {
      assertNull(roomId.validate(new JsonObject().put("room_id", "a".repeat(64))));
      assertNull(create.validate(minimalCreate().put("max_participants", 4294967295L).put("empty_timeout", 1)));
    }
  }

  @Nested
  class Create {
    @Test
    void missingRoomId() {
      JsonObject body = minimalCreate();
      body.remove("room_id");
      assertText("validation error: room_id: value is required", create, body);
    }

    @Test
    void roomIdPattern() {
      assertText("validation error: room_id: room_id should only contain ASCII letters (a-z A-Z), digits (0-9) or -_",
        create, minimalCreate().put("room_id", "room 01!"));
      assertText("validation error: room_id: room_id should only contain ASCII letters (a-z A-Z), digits (0-9) or -_",
        create, minimalCreate().put("room_id", ""));
    }

    @Test
    void roomIdOf65Characters() {
      assertText("validation error: room_id: value length must be at most 64 characters",
        create, minimalCreate().put("room_id", "a".repeat(65)));
    }

    @Test
    void roomIdNotAString() {
      assertText("validation error: room_id: value must be a string", create, minimalCreate().put("room_id", 7));
    }

    @Test
    void maxParticipantsZero() {
      assertText("validation error: max_participants: must be greater than 0",
        create, minimalCreate().put("max_participants", 0));
    }

    @Test
    void maxParticipantsAboveUint32() {
      assertText("validation error: max_participants: must be less than or equal to 4294967295",
        create, minimalCreate().put("max_participants", 4294967296L));
    }

    @Test
    void emptyTimeoutNotAnInteger() {
      assertText("validation error: empty_timeout: value must be an integer",
        create, minimalCreate().put("empty_timeout", "x"));
      assertText("validation error: empty_timeout: value must be an integer",
        create, minimalCreate().put("empty_timeout", 1.5));
    }

    @Test
    void missingMetadata() {
      JsonObject body = minimalCreate();
      body.remove("metadata");
      assertText("validation error: metadata: value is required", create, body);
    }

    @Test
    void metadataNotAnObject() {
      assertText("validation error: metadata: value must be an object", create, minimalCreate().put("metadata", "{}"));
    }

    @Test
    void missingRoomTitle() {
      JsonObject body = minimalCreate();
      body.getJsonObject("metadata").remove("room_title");
      assertText("validation error: metadata.room_title: value is required", create, body);
    }

    @Test
    void emptyRoomTitleUsesTheSchemasMessage() {
      JsonObject body = minimalCreate();
      body.getJsonObject("metadata").put("room_title", "");
      assertText("validation error: metadata.room_title: value is required", create, body);
    }

    @Test
    void missingRoomFeatures() {
      JsonObject body = minimalCreate();
      body.getJsonObject("metadata").remove("room_features");
      assertText("validation error: metadata.room_features: value is required", create, body);
    }

    @Test
    void webhookUrlNotAUri() {
      JsonObject body = minimalCreate();
      body.getJsonObject("metadata").put("webhook_url", "not a uri");
      assertText("validation error: metadata.webhook_url: must be an http:// or https:// URL", create, body);
    }

    @Test
    void webhookUrlNotHttp() {
      for (String url : List.of("file:///x", "ftp://files.example/in", "garbage", "javascript:alert(1)",
          "http://", "http:///x")) {
        JsonObject body = minimalCreate();
        body.getJsonObject("metadata").put("webhook_url", url);
        assertText("validation error: metadata.webhook_url: must be an http:// or https:// URL", create, body);
      }
    }

    @Test
    void webhookUrlEmptyMeansNone() {
      JsonObject body = minimalCreate();
      body.getJsonObject("metadata").put("webhook_url", "");
      assertNull(create.validate(body));
    }

    @Test
    void logoutUrlNotAUri() {
      JsonObject body = minimalCreate();
      body.getJsonObject("metadata").put("logout_url", "/relative/only");
      assertText("validation error: metadata.logout_url: value must be a valid URI", create, body);
    }

    @Test
    void allowWebcamsNotABoolean() {
      JsonObject body = minimalCreate();
      body.getJsonObject("metadata").getJsonObject("room_features").put("allow_webcams", "yes");
      assertText("validation error: metadata.room_features.allow_webcams: value must be a boolean", create, body);
    }

    @Test
    void featureSubBlockNotAnObject() {
      JsonObject body = minimalCreate();
      body.getJsonObject("metadata").getJsonObject("room_features").put("chat_features", true);
      assertText("validation error: metadata.room_features.chat_features: value must be an object", create, body);
    }

    @Test
    void flagInsideAFeatureSubBlock() {
      JsonObject body = minimalCreate();
      body.getJsonObject("metadata").getJsonObject("room_features").getJsonObject("recording_features")
        .put("is_allow_cloud", 1);
      assertText("validation error: metadata.room_features.recording_features.is_allow_cloud: value must be a boolean",
        create, body);
    }

    @Test
    void lockSettingNotABoolean() {
      JsonObject body = minimalCreate();
      body.getJsonObject("metadata").put("default_lock_settings", new JsonObject().put("lock_microphone", "true"));
      assertText("validation error: metadata.default_lock_settings.lock_microphone: value must be a boolean",
        create, body);
    }

    @Test
    void shallowestViolationWins() {
      JsonObject body = minimalCreate().put("room_id", "bad id");
      body.getJsonObject("metadata").remove("room_title");
      assertText("validation error: room_id: room_id should only contain ASCII letters (a-z A-Z), digits (0-9) or -_",
        create, body);
    }

    @Test
    void sameInputSameViolation() {
      JsonObject body = minimalCreate().put("max_participants", 0).put("empty_timeout", -1);
      body.remove("room_id");
      String first = create.validate(body).plugNmeetText();
      for (int i = 0; i < 20; i++) {
        assertEquals(first, create.validate(body.copy()).plugNmeetText());
      }
    }

    @Test
    void bodyIsNotModified() {
      JsonObject body = minimalCreate().put("max_participants", 0);
      JsonObject before = body.copy();
      create.validate(body);
      assertEquals(before, body);
    }
  }

  @Nested
  class JoinToken {
    @Test
    void missingUserId() {
      JsonObject body = json(JOIN_TOKEN);
      body.getJsonObject("user_info").remove("user_id");
      assertText("validation error: user_info.user_id: value is required", joinToken, body);
    }

    @Test
    void missingUserInfo() {
      JsonObject body = json(JOIN_TOKEN);
      body.remove("user_info");
      assertText("validation error: user_info: value is required", joinToken, body);
    }

    @Test
    void userIdPattern() {
      JsonObject body = json(JOIN_TOKEN);
      body.getJsonObject("user_info").put("user_id", "a/b");
      assertText("validation error: user_info.user_id: user_id should only contain ASCII letters (a-z A-Z), digits (0-9) or -_",
        joinToken, body);
    }

    @Test
    void emptyName() {
      JsonObject body = json(JOIN_TOKEN);
      body.getJsonObject("user_info").put("name", "");
      assertText("validation error: user_info.name: value length must be at least 1 characters", joinToken, body);
    }

    @Test
    void isAdminNotABoolean() {
      JsonObject body = json(JOIN_TOKEN);
      body.getJsonObject("user_info").put("is_admin", "true");
      assertText("validation error: user_info.is_admin: value must be a boolean", joinToken, body);
    }

    @Test
    void userLockSettingNotABoolean() {
      JsonObject body = json(JOIN_TOKEN);
      body.getJsonObject("user_info").getJsonObject("user_metadata").getJsonObject("lock_settings")
        .put("lock_chat", 0);
      assertText("validation error: user_info.user_metadata.lock_settings.lock_chat: value must be a boolean",
        joinToken, body);
    }
  }

  @Nested
  class RoomIdAndPastRooms {
    @Test
    void roomIdRequired() {
      assertText("validation error: room_id: value is required", roomId, new JsonObject());
    }

    @Test
    void limit101() {
      assertText("validation error: limit: must be greater than or equal to 1 and less than or equal to 100",
        pastRooms, json("{\"limit\":101}"));
      assertText("validation error: limit: must be greater than or equal to 1 and less than or equal to 100",
        pastRooms, json("{\"limit\":0}"));
    }

    @Test
    void orderBySideways() {
      assertText("validation error: order_by: value must be ASC or DESC", pastRooms, json("{\"order_by\":\"SIDEWAYS\"}"));
    }

    @Test
    void negativeFrom() {
      assertText("validation error: from: must be greater than or equal to 0", pastRooms, json("{\"from\":-1}"));
    }

    @Test
    void badRoomIdInsideTheArray() {
      assertText("validation error: room_ids[2]: room_id should only contain ASCII letters (a-z A-Z), digits (0-9) or -_",
        pastRooms, new JsonObject().put("room_ids", new JsonArray().add("a").add("b").add("c d")));
    }
  }

  @Nested
  class Registry {
    @Test
    void knowsEveryShippedSchema() {
      assertTrue(registry.schemaNames().containsAll(List.of("plugnmeet-create", "plugnmeet-join-token",
        "plugnmeet-room-id", "plugnmeet-any", "plugnmeet-fetch-past-rooms", "common")));
    }

    @Test
    void unknownSchemaName() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.validator("nope"));
      assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void overrideDirectoryReplacesAndAdds(@TempDir Path dir) throws Exception {
      Files.writeString(dir.resolve("plugnmeet-any.json"), "{\"required\": [\"x\"]}");
      Files.writeString(dir.resolve("extra.json"), "{\"properties\": {\"id\": {\"$ref\": \"common.json#/$defs/room_id\"}}}");
      SchemaRegistry r = SchemaRegistry.load(dir);
      assertEquals("validation error: x: value is required", r.validator("plugnmeet-any").validate(new JsonObject()).plugNmeetText());
      assertEquals("validation error: id: value length must be at most 64 characters",
        r.validator("extra").validate(new JsonObject().put("id", "a".repeat(65))).plugNmeetText());
      assertNull(r.validator("plugnmeet-create").validate(minimalCreate()));
    }

    @Test
    void sharedValidatorAcrossThreads() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          tasks.add(() -> {
            for (int i = 0; i < 300; i++) {
              assertNull(create.validate(json(SEED_003_CREATE)));
              JsonObject bad = minimalCreate();
              bad.getJsonObject("metadata").getJsonObject("room_features").put("allow_webcams", "yes");
              assertEquals("validation error: metadata.room_features.allow_webcams: value must be a boolean",
                create.validate(bad).plugNmeetText());
            }
            return null;
          });
        }
        for (Future<Void> f : pool.invokeAll(tasks)) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
