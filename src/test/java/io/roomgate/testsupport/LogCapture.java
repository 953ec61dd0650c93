package io.roomgate.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one logger (and its children) publishes while attached, for tests that check what was, or was not,
 * logged. Holds its logger strongly: the log manager keeps loggers only weakly and would forget the handler with it.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  /** A capture of {@code loggerName} ("" = every logger), not yet attached. */
  public static LogCapture of(String loggerName) {
    return new LogCapture(Logger.getLogger(loggerName));
  }

  /** Starts capturing; returns this. */
  public LogCapture attach() {
    logger.addHandler(handler);
    return this;
  }

  /** Stops capturing (what was captured stays). */
  @Override
  public void close() {
    logger.removeHandler(handler);
  }

  public List<LogRecord> records() {
    return records;
  }

  /** The captured messages, in order. */
  public List<String> messages() {
    return records.stream().map(r -> String.valueOf(r.getMessage())).toList();
  }

  public void clear() {
    records.clear();
  }
}
