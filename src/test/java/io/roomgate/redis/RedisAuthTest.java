package io.roomgate.redis;

import io.roomgate.config.ConfigLoader;
import io.roomgate.config.RedisConfig;
import io.roomgate.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code redis.user} / {@code redis.password} against a real redis-server with an ACL user. */
class RedisAuthTest {
  private static RedisServerProcess server;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    // redis-server joins the words after an option into its value
    server = RedisServerProcess.start("--user", "roomgate", "on", ">acl-secret-123", "~*", "&*", "+@all");
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    if (server != null) {
      server.close();
    }
  }

  private static RedisConfig config(String credentials) {
    return ConfigLoader.parse("livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n"
        + "tenants:\n  - id: demo\n    plugnmeet: {api_key: pk, api_secret: ps-0123456789abcdef}\n"
        + "redis: {url: \"" + server.url() + "\", timeout_ms: 5000" + credentials + "}\n").redis();
  }

  @Test
  void theGatewaysConnectionsAuthenticateAsTheAclUser() {
    Redis redis = RedisClients.create(vertx, config(", user: roomgate, password: acl-secret-123"));
    try {
      assertEquals("PONG", redis.send(Request.cmd(Command.PING)).await().toString());
      assertEquals("roomgate", redis.send(Request.cmd(Command.ACL).arg("WHOAMI")).await().toString());
    } finally {
      redis.close();
    }
  }

  @Test
  void aWrongPasswordIsRefused() {
    Redis redis = RedisClients.create(vertx, config(", user: roomgate, password: wrong-password"));
    try {
      Throwable e = assertThrows(Throwable.class, () -> redis.send(Request.cmd(Command.PING)).await());
      assertTrue(String.valueOf(e.getMessage()).contains("WRONGPASS"), String.valueOf(e.getMessage()));
    } finally {
      redis.close();
    }
  }
}
