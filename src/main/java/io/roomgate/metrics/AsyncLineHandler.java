package io.roomgate.metrics;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} handler that never blocks its caller: records go into a bounded queue, and one daemon
 * thread formats and writes them, flushing whenever the queue runs dry. When the queue is full the record is
 * dropped and counted ({@link #onDrop}); an event loop must not wait for a terminal.
 */
final class AsyncLineHandler extends Handler {
  static final int DEFAULT_CAPACITY = 16_384;
  private static final long FLUSH_WAIT_MS = 2_000;

  private final BlockingQueue<LogRecord> queue;
  private final PrintStream out;
  private volatile Runnable onDrop = () -> { };
  private final Thread writer;

  AsyncLineHandler(OutputStream out, int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.out = out instanceof PrintStream p ? p : new PrintStream(out, false, StandardCharsets.UTF_8);
    this.writer = new Thread(this::drain, "roomgate-access-log");
    writer.setDaemon(true);
    writer.start();
  }

  void onDrop(Runnable onDrop) {
    this.onDrop = onDrop;
  }

  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    if (!queue.offer(record)) {
      onDrop.run();
    }
  }

  private void drain() {
    List<LogRecord> batch = new ArrayList<>(256);
    while (true) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, 255);
        StringBuilder b = new StringBuilder(batch.size() * 200);
        for (LogRecord r : batch) {
          try {
            b.append(getFormatter().format(r));
          } catch (RuntimeException e) {
            reportError("cannot format an access-log record", e, ErrorManager.FORMAT_FAILURE);
          }
        }
        batch.clear();
        out.print(b);
        if (queue.isEmpty()) {
          out.flush();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Waits up to two seconds for the queue to empty, then flushes the stream. */
  @Override
  public void flush() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_WAIT_MS);
    while (!queue.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    out.flush();
  }

  @Override
  public void close() {
    flush();
  }
}
