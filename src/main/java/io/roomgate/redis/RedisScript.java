package io.roomgate.redis;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * A Lua script kept as a class-path resource (under {@code redis/}) and run with {@code EVALSHA}, falling
 * back to {@code EVAL} (which also caches it on that server) when the server answers {@code NOSCRIPT}, e.g.
 * after a restart, or after a failover: scripts are cached per node and not copied to replicas, so a promoted
 * replica does not know them. {@link #load} loads it on every master of a Cluster ({@code SCRIPT LOAD} has no
 * key, so sent plainly it would reach one random node). The SHA1 is computed locally, so it is known before
 * {@link #load} ran.
 *
 * <p>Script arguments are {@link String}s, {@link Buffer}s or numbers.
 */
public final class RedisScript {
  /** Every script made, so that a warm-up can load them all ({@link #loadAll}). */
  private static final java.util.List<RedisScript> ALL = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** {@code NOSCRIPT} answers that were made good by {@code EVAL} (a restarted or newly promoted server). */
  private static final java.util.concurrent.atomic.AtomicLong RELOADS = new java.util.concurrent.atomic.AtomicLong();

  private final String name;
  private final String source;
  private final String sha;

  private RedisScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1Hex(source);
  }

  /** Reads {@code resource} (e.g. {@code redis/room_end.lua}) from the class path; do this once, at startup. */
  public static RedisScript fromResource(String resource) {
    try (InputStream in = RedisScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing class-path resource " + resource);
      }
      String name = resource.substring(resource.lastIndexOf('/') + 1);
      RedisScript script = new RedisScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      ALL.add(script);
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** {@code SCRIPT LOAD} of every script made so far (the classes that use them are loaded by then). */
  public static Future<Void> loadAll(Redis redis) {
    java.util.List<Future<Void>> loads = new java.util.ArrayList<>();
    ALL.forEach(s -> loads.add(s.load(redis)));
    return Future.all(loads).mapEmpty();
  }

  public String name() {
    return name;
  }

  public String sha() {
    return sha;
  }

  public String source() {
    return source;
  }

  /**
   * {@code SCRIPT LOAD}s the script on the server, or on every master of a Cluster (optional warm-up; {@link #run}
   * works without it).
   */
  public Future<Void> load(Redis redis) {
    return RedisClients.onEveryMaster(redis, Request.cmd(Command.SCRIPT).arg("LOAD").arg(source)).compose(replies -> {
      for (Response r : replies) {
        String got = r == null ? null : r.toString();
        if (!sha.equalsIgnoreCase(got)) {
          return Future.failedFuture(
              new IllegalStateException("SCRIPT LOAD of " + name + " returned " + got + ", expected " + sha));
        }
      }
      return Future.succeededFuture();
    });
  }

  /** EVALSHA, then EVAL once if the server does not know the script (EVAL also caches it there). */
  public Future<Response> run(Redis redis, List<String> keys, List<?> args) {
    return run(redis::send, keys, args);
  }

  /** {@link #run(Redis, List, List)} pipelined on the calling event loop's own connection ({@link LoopConnections#sendOnce}). */
  public Future<Response> run(LoopConnections loops, List<String> keys, List<?> args) {
    return run(loops::sendOnce, keys, args);
  }

  private Future<Response> run(Function<Request, Future<Response>> send, List<String> keys, List<?> args) {
    return send.apply(request(Command.EVALSHA, sha, keys, args)).recover(err -> {
      if (!isNoScript(err)) {
        return Future.failedFuture(err);
      }
      RELOADS.incrementAndGet();
      return send.apply(request(Command.EVAL, source, keys, args));
    });
  }

  /** How often a server answered {@code NOSCRIPT} and got the script again ({@code roomgate_redis_script_reloads_total}). */
  public static long reloads() {
    return RELOADS.get();
  }

  static boolean isNoScript(Throwable err) {
    return isNoScript(err.getMessage());
  }

  static boolean isNoScript(String errorAnswer) {
    return errorAnswer != null && errorAnswer.startsWith("NOSCRIPT");
  }

  private static Request request(Command cmd, String script, List<String> keys, List<?> args) {
    Request req = Request.cmd(cmd).arg(script).arg(keys.size());
    for (String k : keys) {
      req.arg(k);
    }
    for (Object a : args) {
      if (a instanceof Buffer b) {
        req.arg(b);
      } else if (a instanceof Long l) {
        req.arg(l.longValue());
      } else if (a instanceof Integer i) {
        req.arg(i.longValue());
      } else {
        req.arg(String.valueOf(a));
      }
    }
    return req;
  }

  private static String sha1Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
