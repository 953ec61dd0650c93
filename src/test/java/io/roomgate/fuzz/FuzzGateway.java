package io.roomgate.fuzz;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

/**
 * One in-process gateway (in-process store, embedded LiveKit simulator) for every HTTP fuzz test of a JVM, started on
 * first use and stopped when the JVM exits: a fuzz run sends millions of requests, and starting a gateway per input
 * would measure start-up instead of parsing. Rate limits are off and the failed-auth budget is huge, so inputs reach
 * the parsers instead of a 429.
 */
final class FuzzGateway {
  static final long SDKAPPID = 1400000001L;
  static final String TENCENT_KEY = "fuzz-tencent-key-0123456789abcdef";
  static final String ADMIN = "administrator";
  static final String PLAIN_KEY = "fuzz-plain";
  static final String PLAIN_SECRET = "fuzz-plain-secret-0123456789";
  static final String STAMPED_KEY = "fuzz-stamped";
  static final String STAMPED_SECRET = "fuzz-stamped-secret-0123456789";

  private static FuzzGateway instance;

  final Vertx vertx;
  final Gateway gateway;
  final WebClient web;

  private FuzzGateway() {
    vertx = Vertx.vertx();
    String yaml = """
        server: {host: 127.0.0.1, port: 0, max_body_bytes: 4096, warmup_seconds: 0, event_loops: 1}
        management: {host: 127.0.0.1, port: 0}
        rate_limit: {enabled: false, auth_failures: {burst: 1000000, per_minute: 60000000}}
        livekit: {api_key: fuzzkey, api_secret: fuzz-livekit-secret-0123456789abcdef, embedded_port: %d}
        tenants:
          - id: plain
            plugnmeet: {api_key: %s, api_secret: %s}
            tencent: {sdkappid: %d, secret_key: %s, admins: [%s]}
          - id: stamped
            plugnmeet: {api_key: %s, api_secret: %s, replay_window_seconds: 300}
        """.formatted(FreePorts.next(), PLAIN_KEY, PLAIN_SECRET, SDKAPPID, TENCENT_KEY, ADMIN, STAMPED_KEY,
        STAMPED_SECRET);
    gateway = Gateway.start(vertx, ConfigLoader.parse(yaml)).await();
    web = WebClient.create(vertx);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close()));
  }

  static synchronized FuzzGateway get() {
    if (instance == null) {
      instance = new FuzzGateway();
    }
    return instance;
  }

  int port() {
    return gateway.apiPort();
  }
}
