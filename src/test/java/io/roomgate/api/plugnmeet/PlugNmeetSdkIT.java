package io.roomgate.api.plugnmeet;

import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.NodeScript;
import io.roomgate.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The official plugNmeet JS SDK ({@code plugnmeet-sdk-js}) against the packaged jar:
 * create → getJoinToken → isRoomActive → getActiveRoomInfo → getActiveRoomsInfo → endRoom → fetchPastRooms, plus a
 * wrong secret.
 */
class PlugNmeetSdkIT {

  @Test
  void officialSdkWorksAgainstTheJar() throws Exception {
    TestConfigs.GatewayYaml config = TestConfigs.gateway(null, null);
    int port = config.apiPort();
    try (GatewayProcess gw = GatewayProcess.withConfig(config.yaml())) {
      NodeScript.Result r = NodeScript.run("plugnmeet-sdk.mjs", Map.of(
          "ROOMGATE_URL", "http://127.0.0.1:" + port,
          "PLUGNMEET_API_KEY", TestConfigs.ACME_KEY,
          "PLUGNMEET_API_SECRET", TestConfigs.ACME_SECRET));
      assertEquals(0, r.exitCode(), r.output() + "\n--- gateway output:\n" + gw.output());
    }
  }
}
