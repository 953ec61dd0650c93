package io.roomgate;

import io.roomgate.api.names.ApiNames;
import io.roomgate.config.ConfigException;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.GatewayConfig;
import io.roomgate.livekit.sim.LiveKitSimulatorMain;
import io.roomgate.metrics.MetricsVertx;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The command line:
 * <pre>
 *   java -jar roomgate.jar [run] --config FILE       start the gateway
 *   java -jar roomgate.jar livekit-sim --port N --api-key K --api-secret S
 *   java -jar roomgate.jar livekit-sim token --api-key K --api-secret S   a token for the simulator's /sim API
 * </pre>
 * The gateway prints one line containing {@code roomgate ready} once both listeners accept connections. A bad
 * configuration exits with status 2 and a message naming the key.
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s - %5$s%6$s%n");
    if (args.length > 0 && args[0].equals("livekit-sim")) {
      LiveKitSimulatorMain.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    String[] rest = args.length > 0 && args[0].equals("run") ? Arrays.copyOfRange(args, 1, args.length) : args;
    String configFile = null;
    for (int i = 0; i < rest.length; i++) {
      switch (rest[i]) {
        case "--config" -> {
          if (i + 1 >= rest.length) {
            usage("--config needs a file");
          }
          configFile = rest[++i];
        }
        case "-h", "--help" -> {
          usage(null);
        }
        default -> usage("unknown argument: " + rest[i]);
      }
    }
    if (configFile == null) {
      usage("--config FILE is required");
    }
    GatewayConfig config;
    try {
      config = ConfigLoader.load(Path.of(configFile));
      ApiNames.check(config.tenants(), config.plans());
    } catch (ConfigException e) {
      System.err.println("roomgate: bad config " + configFile + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    MetricsVertx.Instance runtime = MetricsVertx.create(config.metrics().enabled());
    Vertx vertx = runtime.vertx();
    Gateway.start(vertx, config, runtime.registry(), Path.of(configFile)).onComplete(ar -> {
      if (ar.succeeded()) {
        Gateway g = ar.result();
        System.out.println("roomgate ready: api " + (config.server().tls() == null ? "http" : "https") + "://"
            + config.server().host() + ":" + g.apiPort()
            + ", management " + (config.management().tls() == null ? "http" : "https") + "://"
            + config.management().host() + ":" + g.managementPort()
            + (g.liveKitPort() > 0 ? ", embedded livekit http://127.0.0.1:" + g.liveKitPort() : "")
            + ", store " + (config.distributed() ? "redis" : "in-process")
            + ", tenants " + config.tenants().size());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drainThenExit(g, vertx, config),
            "roomgate-shutdown"));
      } else {
        System.err.println("roomgate: failed to start: " + ar.cause().getMessage());
        vertx.close().onComplete(x -> System.exit(1));
      }
    });
  }

  /**
   * SIGTERM (or the JVM ending otherwise): drain ({@link Gateway#drain()}), bounded by the drain time plus five
   * seconds, so that the process always exits by itself.
   */
  private static void drainThenExit(Gateway g, Vertx vertx, GatewayConfig config) {
    long boundSeconds = config.server().drainSeconds() + 5;
    try {
      g.drain(step -> System.out.println(java.time.Instant.now() + " roomgate " + step)).eventually(vertx::close).toCompletionStage().toCompletableFuture()
          .get(boundSeconds, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      System.err.println("roomgate: drain did not finish within " + boundSeconds + " s; exiting anyway");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("roomgate: drain failed: " + e.getCause());
    }
  }

  private static void usage(String problem) {
    if (problem != null) {
      System.err.println("roomgate: " + problem);
    }
    System.err.println("""
        usage:
          java -jar roomgate.jar [run] --config FILE
          java -jar roomgate.jar livekit-sim --port N --api-key K --api-secret S [--host H]
          java -jar roomgate.jar livekit-sim token --api-key K --api-secret S [--ttl SECONDS] [--room R]""");
    System.exit(problem == null ? 0 : 2);
  }
}
