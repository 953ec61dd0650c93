package io.roomgate.config;

import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Hot reload: polls the configuration file's modification time and size every {@code intervalMs} (non-blocking,
 * through {@code vertx.fileSystem()}), and when they change re-reads and re-validates the whole file with
 * {@link ConfigLoader} (on a worker thread) and hands the new configuration to {@code onChange}. A file that does
 * not validate is logged with the key-named error and ignored: the running configuration stays.
 */
public final class ConfigWatcher {
  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

  private final Vertx vertx;
  private final Path file;
  private final Consumer<GatewayConfig> onChange;
  private final long timer;
  private long seenModified;
  private long seenSize;
  private boolean busy;

  private ConfigWatcher(Vertx vertx, Path file, long intervalMs, Consumer<GatewayConfig> onChange,
                        long modified, long size) {
    this.vertx = vertx;
    this.file = file;
    this.onChange = onChange;
    this.seenModified = modified;
    this.seenSize = size;
    this.timer = vertx.setPeriodic(intervalMs, id -> poll());
  }

  /** Starts watching {@code file}, taking its current state as the one already loaded. */
  public static ConfigWatcher start(Vertx vertx, Path file, long intervalMs, Consumer<GatewayConfig> onChange) {
    FileProps props = vertx.fileSystem().propsBlocking(file.toString()); // once, at start-up
    return new ConfigWatcher(vertx, file, intervalMs, onChange, props.lastModifiedTime(), props.size());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void poll() {
    if (busy) {
      return;
    }
    busy = true;
    vertx.fileSystem().props(file.toString()).compose(props -> {
      if (props.lastModifiedTime() == seenModified && props.size() == seenSize) {
        return io.vertx.core.Future.succeededFuture();
      }
      seenModified = props.lastModifiedTime();
      seenSize = props.size();
      return vertx.fileSystem().readFile(file.toString())
          .compose(bytes -> vertx.executeBlocking(() -> ConfigLoader.parse(bytes.toString())))
          .onSuccess(config -> {
            LOG.info("reloaded " + file);
            onChange.accept(config);
          })
          .onFailure(e -> LOG.severe("not reloading " + file + ", keeping the running configuration: "
              + e.getMessage()))
          .mapEmpty();
    }).onComplete(ar -> busy = false);
  }
}
