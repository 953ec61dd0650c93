package io.roomgate.livekit.sim;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the simulator alone: {@code livekit-sim --port N --api-key K --api-secret S [--host 127.0.0.1]}.
 * Prints one {@code livekit-sim ready} line once it accepts connections; bad arguments exit with code 2.
 *
 * <p>{@code livekit-sim token --api-key K --api-secret S [--ttl SECONDS] [--room ROOM]} prints a token for the
 * control API ({@link ControlTokens}) and exits.
 */
public final class LiveKitSimulatorMain {
  static final String USAGE =
      "usage: livekit-sim --port N --api-key K --api-secret S [--host 127.0.0.1] [--webhook-url URL ...]\n"
      + "       livekit-sim token --api-key K --api-secret S [--ttl SECONDS (600)] [--room ROOM]";

  private LiveKitSimulatorMain() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("token")) {
      try {
        System.out.println(token(java.util.Arrays.copyOfRange(args, 1, args.length), System.currentTimeMillis() / 1000));
      } catch (IllegalArgumentException e) {
        System.err.println("livekit-sim token: " + e.getMessage());
        System.err.println(USAGE);
        System.exit(2);
      }
      return;
    }
    SimulatorOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("livekit-sim: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    LiveKitSimulator simulator = new LiveKitSimulator(options);
    vertx.deployVerticle(simulator).onComplete(result -> {
      if (result.succeeded()) {
        simulator.webhookUrls(webhookUrls(args));
        System.out.println("livekit-sim ready on http://" + options.host() + ":" + simulator.port()
            + " port=" + simulator.port());
      } else {
        System.err.println("livekit-sim: cannot start: " + result.cause().getMessage());
        vertx.close().onComplete(closed -> System.exit(1));
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
  }

  /** Accepts {@code --flag value} and {@code --flag=value}; errors name the offending flag. */
  static SimulatorOptions parse(String[] args) {
    String host = "127.0.0.1";
    Integer port = null;
    String key = null;
    String secret = null;
    for (String[] f : flags(args)) {
      String flag = f[0];
      String value = f[1];
      switch (flag) {
        case "--host" -> host = required(flag, value);
        case "--port" -> port = port(required(flag, value));
        case "--api-key" -> key = required(flag, value);
        case "--api-secret" -> secret = required(flag, value);
        case "--webhook-url" -> required(flag, value); // read by webhookUrls(args)
        default -> throw new IllegalArgumentException("unknown argument " + f[2]);
      }
    }
    if (port == null) {
      throw new IllegalArgumentException("missing --port");
    }
    if (key == null) {
      throw new IllegalArgumentException("missing --api-key");
    }
    if (secret == null) {
      throw new IllegalArgumentException("missing --api-secret");
    }
    return new SimulatorOptions(host, port, Map.of(key, secret));
  }

  /** {@code token --api-key K --api-secret S [--ttl S] [--room R]}: a control-API token; errors name the flag. */
  static String token(String[] args, long nowSeconds) {
    String key = null;
    String secret = null;
    String room = null;
    long ttl = 600;
    for (String[] f : flags(args)) {
      String flag = f[0];
      String value = f[1];
      switch (flag) {
        case "--api-key" -> key = required(flag, value);
        case "--api-secret" -> secret = required(flag, value);
        case "--room" -> room = required(flag, value);
        case "--ttl" -> ttl = ttl(required(flag, value));
        default -> throw new IllegalArgumentException("unknown argument " + f[2]);
      }
    }
    if (key == null) {
      throw new IllegalArgumentException("missing --api-key");
    }
    if (secret == null) {
      throw new IllegalArgumentException("missing --api-secret");
    }
    return ControlTokens.roomAdmin(key, secret, ttl, room, nowSeconds);
  }

  private static long ttl(String value) {
    try {
      long ttl = Long.parseLong(value);
      if (ttl >= 1 && ttl <= 366L * 24 * 3600) {
        return ttl;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("--ttl must be a number of seconds from 1 to 31622400, got " + value);
  }

  /** Every {@code --webhook-url} value: where LiveKit's webhooks go (repeatable). */
  static List<String> webhookUrls(String[] args) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--webhook-url=")) {
        urls.add(args[i].substring("--webhook-url=".length()));
      } else if (args[i].equals("--webhook-url") && i + 1 < args.length) {
        urls.add(args[++i]);
      }
    }
    return urls;
  }

  /**
   * The {@code --flag value} and {@code --flag=value} pairs of {@code args}, in order, each as {flag, value (null
   * when missing), the argument as given}.
   */
  private static List<String[]> flags(String[] args) {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        out.add(new String[] {arg.substring(0, eq), arg.substring(eq + 1), arg});
      } else {
        out.add(new String[] {arg, i + 1 < args.length ? args[++i] : null, arg});
      }
    }
    return out;
  }

  private static String required(String flag, String value) {
    if (value == null || value.isEmpty() || value.startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535, got " + value);
  }
}
