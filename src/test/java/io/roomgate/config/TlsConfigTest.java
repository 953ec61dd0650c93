package io.roomgate.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code server.tls} / {@code management.tls}: off unless set, files checked at load, the key named when wrong. */
class TlsConfigTest {
  private static final String REST = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n"
      + "tenants:\n  - id: a\n    plugnmeet: {api_key: k, api_secret: s-0123456789abcdef}\n";

  @Test
  void plainUnlessSetAndReadWhenSet(@TempDir Path dir) throws Exception {
    GatewayConfig plain = ConfigLoader.parse(REST);
    assertNull(plain.server().tls());
    assertNull(plain.management().tls());
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    Path key = Files.writeString(dir.resolve("k.pem"), "x");
    GatewayConfig tls = ConfigLoader.parse("server: {tls: {cert_file: " + cert + ", key_file: " + key + "}}\n"
        + "management: {tls: {cert_file: " + cert + ", key_file: " + key + ", ca_file: " + cert + "}}\n" + REST);
    assertEquals(new TlsConfig(cert.toString(), key.toString(), null), tls.server().tls());
    assertEquals(new TlsConfig(cert.toString(), key.toString(), cert.toString()), tls.management().tls());
  }

  @Test
  void missingOrUnreadableFilesAndUnknownKeysAreNamed(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    assertEquals("server.tls.key_file: is required",
        error("server: {tls: {cert_file: " + cert + "}}\n"));
    assertEquals("management.tls.cert_file: cannot read /nonexistent/c.pem",
        error("management: {tls: {cert_file: /nonexistent/c.pem, key_file: " + cert + "}}\n"));
    assertEquals("server.tls.ca_file: cannot read " + dir.resolve("none.pem"),
        error("server: {tls: {cert_file: " + cert + ", key_file: " + cert + ", ca_file: " + dir.resolve("none.pem")
            + "}}\n"));
    assertEquals("server.tls.protocols: unknown key",
        error("server: {tls: {cert_file: " + cert + ", key_file: " + cert + ", protocols: [TLSv1]}}\n"));
  }

  private static String error(String head) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(head + REST)).getMessage();
  }
}
