package io.roomgate.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WebhookUrlTest {

  @Test
  void httpAndHttpsUrlsWithAHostAreAccepted() {
    for (String url : List.of("http://hooks.example/x", "https://hooks.example:8443/a/b?token=1#f",
        "HTTPS://HOOKS.EXAMPLE", "http://203.0.113.5:8080/", "http://[2001:db8::1]:8080/hook")) {
      assertNull(WebhookUrl.problem(url), url);
    }
  }

  @Test
  void everythingElseIsRefusedWithAReason() {
    String notHttp = "must be an http:// or https:// URL";
    assertEquals(notHttp, WebhookUrl.problem("file:///x"));
    assertEquals(notHttp, WebhookUrl.problem("ftp://files.example/in"));
    assertEquals(notHttp, WebhookUrl.problem("gopher://x"));
    assertEquals(notHttp, WebhookUrl.problem("garbage"));
    assertEquals(notHttp, WebhookUrl.problem("/relative/path"));
    assertEquals(notHttp, WebhookUrl.problem("http://hooks.example/a b"));
    assertEquals(notHttp, WebhookUrl.problem("http://hooks.example/\n"));
    assertEquals(notHttp, WebhookUrl.problem(""));
    assertEquals("must be an http:// or https:// URL with a host name or address", WebhookUrl.problem("http:///x"));
    assertEquals("port must be between 1 and 65535", WebhookUrl.problem("http://127.0.0.1:0/"));
    assertEquals("port must be between 1 and 65535", WebhookUrl.problem("http://hooks.example:70000/"));
    assertEquals("must not contain user information (user:password@)",
        WebhookUrl.problem("https://user:pw@hooks.example/"));
    assertEquals("must be at most 2048 characters", WebhookUrl.problem("https://h.example/" + "a".repeat(2048)));
  }

  @Test
  void logsSeeOnlyTheOrigin() {
    assertEquals("https://hooks.example:443", WebhookUrl.origin("https://hooks.example/p/secret?token=s3cr3t"));
    assertEquals("http://[::1]:8080", WebhookUrl.origin("http://[::1]:8080/x?k=v"));
    assertEquals("(not an http(s) URL)", WebhookUrl.origin("file:///etc/passwd"));
  }
}
