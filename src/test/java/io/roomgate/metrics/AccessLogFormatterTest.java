package io.roomgate.metrics;

import io.roomgate.config.AccessLogConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogFormatterTest {
  private static LogRecord record(AccessLog.Entry e) {
    LogRecord r = new LogRecord(Level.INFO, "access");
    r.setParameters(new Object[] {e});
    return r;
  }

  @Test
  void jsonLineHasEveryFieldAndEscapesValues() {
    AccessLog.Entry e = new AccessLog.Entry("00ff", "acme", "plugnmeet", "create", "POST\"\n{", 200, "success",
        1_234_567, "127.0.0.1");
    String line = new AccessLogFormatter(AccessLogConfig.Format.JSON).format(record(e));
    assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
    JsonObject json = new JsonObject(line);
    assertEquals("00ff", json.getString("request_id"));
    assertEquals("acme", json.getString("tenant"));
    assertEquals("create", json.getString("api"));
    assertEquals("POST\"\n{", json.getString("method"));
    assertEquals(200, json.getInteger("status"));
    assertEquals(1.234, json.getDouble("latency_ms"));
    assertTrue(json.containsKey("time") && json.containsKey("client_ip") && json.containsKey("outcome"));
  }

  @Test
  void logfmtQuotesOnlyWhatNeedsIt() {
    AccessLog.Entry e = new AccessLog.Entry("00ff", "none", "other", "unknown", "GET x", 404, "client_error",
        50_000, "::1");
    String line = new AccessLogFormatter(AccessLogConfig.Format.LOGFMT).format(record(e));
    assertTrue(line.contains(" method=\"GET x\" status=404 "), line);
    assertTrue(line.contains(" latency_ms=0.050 client_ip=::1\n"), line);
  }
}
