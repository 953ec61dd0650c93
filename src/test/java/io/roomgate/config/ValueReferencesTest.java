package io.roomgate.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ValueReferencesTest {
  private static final String LIVEKIT = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n";
  private static final Map<String, String> ENV = Map.of("ACME_SECRET", "from-env-0123456789", "REDIS_PASS", "p@ss");

  @TempDir
  Path dir;

  private static GatewayConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, ENV::get);
  }

  @Test
  void environmentVariableReplacesAWholeValue() {
    GatewayConfig c = parse(LIVEKIT + "tenants:\n  - id: acme\n    plugnmeet: {api_key: pk, api_secret: \"${ACME_SECRET}\"}\n");
    assertEquals("from-env-0123456789", c.tenants().get(0).plugnmeet().apiSecret());
  }

  @Test
  void referenceInsideAStringAndInAList() {
    GatewayConfig c = parse(LIVEKIT + "redis: {url: \"redis://:${REDIS_PASS}@127.0.0.1:6379\"}\n"
        + "tenants:\n  - id: acme\n    tencent: {sdkappid: 1400000000, secret_key: \"${ACME_SECRET}\", admins: [\"${REDIS_PASS}\"]}\n");
    assertEquals("redis://:p@ss@127.0.0.1:6379", c.redis().url());
    assertEquals("p@ss", c.tenants().get(0).tencent().admins().get(0));
  }

  @Test
  void fileReferenceTakesTheContentWithoutTheFinalLineBreak() throws Exception {
    Path secret = dir.resolve("api_secret");
    Files.writeString(secret, "from-file-0123456789\n");
    GatewayConfig c = parse(LIVEKIT + "tenants:\n  - id: acme\n    plugnmeet: {api_key: pk, api_secret: \"${file:"
        + secret + "}\"}\n");
    assertEquals("from-file-0123456789", c.tenants().get(0).plugnmeet().apiSecret());
  }

  @Test
  void missingVariableIsAKeyNamedError() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(LIVEKIT
        + "tenants:\n  - id: acme\n    plugnmeet: {api_key: pk, api_secret: \"${NOT_SET_ANYWHERE}\"}\n"));
    assertEquals("tenants[0].plugnmeet.api_secret: environment variable NOT_SET_ANYWHERE is not set", e.getMessage());
  }

  @Test
  void missingFileIsAKeyNamedError() {
    Path missing = dir.resolve("nope");
    ConfigException e = assertThrows(ConfigException.class, () -> parse(LIVEKIT
        + "tenants:\n  - id: acme\n    plugnmeet: {api_key: pk, api_secret: \"${file:" + missing + "}\"}\n"));
    assertEquals("tenants[0].plugnmeet.api_secret: cannot read ${file:" + missing + "} (NoSuchFileException)",
        e.getMessage());
  }

  @Test
  void malformedReferenceIsAKeyNamedError() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(LIVEKIT
        + "tenants:\n  - id: acme\n    plugnmeet: {api_key: \"${not a name}\", api_secret: ps-0123456789abcdef}\n"));
    assertEquals("tenants[0].plugnmeet.api_key: '${not a name}' is neither ${ENV_NAME} nor ${file:/path}",
        e.getMessage());
  }

  @Test
  void doubledDollarIsALiteral() {
    GatewayConfig c = parse(LIVEKIT + "tenants:\n  - id: acme\n    plugnmeet: {api_key: \"k$${X}\", api_secret: ps-0123456789abcdef}\n");
    assertEquals("k${X}", c.tenants().get(0).plugnmeet().apiKey());
  }

  @Test
  void theValueIsNeverInTheMessageOfALaterError() {
    // the resolved secret is too short: the message names the key, not the value that came from the environment
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(LIVEKIT
        + "tenants:\n  - id: acme\n    plugnmeet: {api_key: pk, api_secret: \"${SHORT}\"}\n",
        Map.of("SHORT", "tiny-secret")::get));
    assertEquals("tenants[0].plugnmeet.api_secret: must be at least 16 characters", e.getMessage());
    assertFalse(e.getMessage().contains("tiny-secret"));
  }
}
