package io.roomgate.deploy;

import io.roomgate.config.ConfigLoader;
import io.roomgate.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deploy/} cannot run here (no Docker, no Kubernetes, no systemd in CI), so this reads the files and holds them
 * to the gateway itself: the configuration they ship or assemble loads with {@link ConfigLoader} (which rejects
 * unknown keys, so every key they use is checked), and their ports, probe paths, config file paths and stop timeouts
 * agree with that configuration.
 */
class DeploymentFilesTest {
  private static final Path DEPLOY = Path.of("deploy");
  /** {@code Main}: after SIGTERM the process exits by itself within {@code server.drain_seconds} plus this. */
  private static final long DRAIN_EXIT_BOUND_SECONDS = 5;

  @Test
  void dockerfileRunsTheShippedConfigAsNonRootWithAHealthCheckOnReady() throws IOException {
    String docker = Files.readString(DEPLOY.resolve("Dockerfile"));
    assertTrue(Pattern.compile("(?m)^FROM eclipse-temurin:17-jre\\S*$").matcher(docker).find(), "Temurin 17 JRE base");
    String user = lastInstruction(docker, "USER");
    assertFalse(user.startsWith("root") || user.startsWith("0"), "USER must not be root: " + user);

    // the config baked into the image is the one CMD names, and it loads
    Matcher copy = Pattern.compile("(?m)^COPY deploy/(\\S+) (\\S+)$").matcher(docker);
    assertTrue(copy.find(), "COPY of a config file");
    Path shipped = DEPLOY.resolve(copy.group(1));
    String imagePath = copy.group(2);
    assertTrue(lastInstruction(docker, "CMD").contains("\"--config\", \"" + imagePath + "\""), "CMD --config " + imagePath);
    GatewayConfig config = ConfigLoader.load(shipped);
    assertEquals("0.0.0.0", config.server().host(), "a container listens on every interface");
    assertEquals("0.0.0.0", config.management().host());

    List<String> exposed = List.of(lastInstruction(docker, "EXPOSE").split("\\s+"));
    assertEquals(List.of(String.valueOf(config.server().port()), String.valueOf(config.management().port())), exposed);
    String health = lastInstruction(docker, "HEALTHCHECK");
    assertTrue(health.contains("http://127.0.0.1:" + config.management().port() + "/ready"), health);
    assertTrue(lastInstruction(docker, "ENTRYPOINT").contains("/opt/roomgate/roomgate.jar"));
    assertTrue(docker.contains("COPY target/roomgate.jar /opt/roomgate/roomgate.jar"));
  }

  @Test
  void kubernetesManifestsAgreeWithTheConfigTheyAssemble() throws IOException {
    Map<String, Map<String, Object>> byKind = new HashMap<>();
    try (var files = Files.list(DEPLOY.resolve("k8s"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object doc : yaml().loadAll(Files.readString(f))) {
          Map<String, Object> m = map(doc);
          assertNotNull(m.get("apiVersion"), f + ": apiVersion");
          byKind.put((String) m.get("kind"), m);
        }
      }
    }
    for (String kind : List.of("Deployment", "ConfigMap", "Secret", "Service", "PodDisruptionBudget")) {
      assertTrue(byKind.containsKey(kind), "deploy/k8s has a " + kind);
    }
    Map<String, Object> deployment = byKind.get("Deployment");
    Map<String, Object> pod = map(at(deployment, "spec", "template"));
    Map<String, Object> podSpec = map(pod.get("spec"));
    Map<String, Object> container = map(list(podSpec.get("containers")).get(0));

    // The one config file: the ConfigMap's key and the Secret's key joined, as the container's command does
    String command = String.join(" ", strings(container.get("command")));
    Map<String, String> mounts = new HashMap<>();   // volume name -> mount path
    for (Object m : list(container.get("volumeMounts"))) {
      mounts.put((String) map(m).get("name"), (String) map(m).get("mountPath"));
    }
    String configMapKey = null;
    String secretKey = null;
    for (Object v : list(podSpec.get("volumes"))) {
      Map<String, Object> vol = map(v);
      String mountPath = mounts.get((String) vol.get("name"));
      if (vol.containsKey("configMap")) {
        assertEquals(at(byKind.get("ConfigMap"), "metadata", "name"), map(vol.get("configMap")).get("name"));
        configMapKey = only(map(byKind.get("ConfigMap").get("data")).keySet());
        assertTrue(command.contains("cat " + mountPath + "/" + configMapKey), command);
      } else if (vol.containsKey("secret")) {
        assertEquals(at(byKind.get("Secret"), "metadata", "name"), map(vol.get("secret")).get("secretName"));
        secretKey = only(map(byKind.get("Secret").get("stringData")).keySet());
        assertTrue(command.contains("cat " + mountPath + "/" + secretKey), command);
      }
    }
    assertNotNull(configMapKey, "the ConfigMap is mounted");
    assertNotNull(secretKey, "the Secret is mounted");
    Matcher out = Pattern.compile("> (\\S+) && exec java .*--config (\\S+)$").matcher(command);
    assertTrue(out.find(), command);
    assertEquals(out.group(1), out.group(2), "java reads the file the command wrote");
    String configPart = (String) map(byKind.get("ConfigMap").get("data")).get(configMapKey);
    String secretPart = (String) map(byKind.get("Secret").get("stringData")).get(secretKey);
    for (String key : map(yaml().load(configPart)).keySet()) {
      assertFalse(map(yaml().load(secretPart)).containsKey(key), "section " + key + " is in the ConfigMap and the Secret");
    }
    GatewayConfig config = ConfigLoader.parse(configPart + "\n" + secretPart);
    assertEquals("0.0.0.0", config.server().host());
    assertEquals("0.0.0.0", config.management().host());
    for (String secretSection : List.of("redis", "livekit", "tenants")) {
      assertFalse(configPart.contains(secretSection + ":"), secretSection + " (secrets) belongs in the Secret");
    }

    // ports, probes, scrape annotations
    Map<String, Integer> ports = new HashMap<>();
    for (Object p : list(container.get("ports"))) {
      ports.put((String) map(p).get("name"), (Integer) map(p).get("containerPort"));
    }
    assertEquals(Map.of("api", config.server().port(), "management", config.management().port()), ports);
    assertEquals("/ready", at(container, "readinessProbe", "httpGet", "path"));
    assertEquals("management", at(container, "readinessProbe", "httpGet", "port"));
    assertEquals("/health", at(container, "livenessProbe", "httpGet", "path"));
    assertEquals("management", at(container, "livenessProbe", "httpGet", "port"));
    Map<String, Object> annotations = map(at(pod, "metadata", "annotations"));
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals(String.valueOf(config.management().port()), annotations.get("prometheus.io/port"));
    assertEquals("/metrics", annotations.get("prometheus.io/path"));
    assertTrue(config.metrics().enabled(), "metrics are scraped, so they must be on");

    // stopping: preStop, then SIGTERM's drain and the process's own bound, all inside the grace period
    List<String> preStop = strings(at(container, "lifecycle", "preStop", "exec", "command"));
    Matcher sleep = Pattern.compile("sleep (\\d+)").matcher(String.join(" ", preStop));
    assertTrue(sleep.find(), "preStop waits: " + preStop);
    long needed = Long.parseLong(sleep.group(1)) + config.server().drainSeconds() + DRAIN_EXIT_BOUND_SECONDS;
    int grace = (Integer) podSpec.get("terminationGracePeriodSeconds");
    assertTrue(grace > needed, "terminationGracePeriodSeconds " + grace + " must exceed " + needed);
    assertEquals(Boolean.TRUE, at(podSpec, "securityContext", "runAsNonRoot"));
    int replicas = (Integer) at(deployment, "spec", "replicas");
    assertEquals(replicas, config.limiter().nodes(), "rate_limit.nodes is the number of gateways");

    // Service and PDB select the Deployment's pods; the Service targets the named ports
    Map<String, Object> podLabels = map(at(pod, "metadata", "labels"));
    assertEquals(podLabels, at(deployment, "spec", "selector", "matchLabels"));
    assertEquals(podLabels, at(byKind.get("Service"), "spec", "selector"));
    assertEquals(podLabels, at(byKind.get("PodDisruptionBudget"), "spec", "selector", "matchLabels"));
    for (Object p : list(at(byKind.get("Service"), "spec", "ports"))) {
      assertTrue(ports.containsKey((String) map(p).get("targetPort")), "Service targets a container port: " + p);
    }
    Object maxUnavailable = at(byKind.get("PodDisruptionBudget"), "spec", "maxUnavailable");
    assertTrue(maxUnavailable instanceof Integer n && n >= 1 && n < replicas, "PDB keeps gateways up: " + maxUnavailable);
  }

  @Test
  void systemdUnitRunsTheShippedConfigAndWaitsForTheDrain() throws IOException {
    Map<String, String> unit = new HashMap<>();
    for (String line : Files.readAllLines(DEPLOY.resolve("roomgate.service"))) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        unit.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    String exec = unit.get("ExecStart");
    assertTrue(exec.startsWith("/usr/bin/java ") && exec.contains("-jar /opt/roomgate/roomgate.jar"), exec);
    assertTrue(exec.endsWith("--config /etc/roomgate/roomgate.yaml"), exec);
    String unitText = Files.readString(DEPLOY.resolve("roomgate.service"));
    assertTrue(unitText.contains("deploy/roomgate.yaml /etc/roomgate/roomgate.yaml"), "the install line puts the shipped config there");
    GatewayConfig config = ConfigLoader.load(DEPLOY.resolve("roomgate.yaml"));
    assertFalse(unit.get("User").isBlank() || unit.get("User").equals("root"));
    assertEquals("SIGTERM", unit.get("KillSignal"));
    long stop = Long.parseLong(unit.get("TimeoutStopSec"));
    assertTrue(stop > config.server().drainSeconds() + DRAIN_EXIT_BOUND_SECONDS, "TimeoutStopSec " + stop);
    assertEquals("2", unit.get("RestartPreventExitStatus"), "a bad config (exit 2) is not restarted");
  }

  private static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  /** The argument of the last {@code name} instruction, continuation lines joined. */
  private static String lastInstruction(String dockerfile, String name) {
    String joined = dockerfile.replaceAll("\\\\\\n", " ");
    String found = null;
    for (String line : joined.split("\n")) {
      if (line.startsWith(name + " ")) {
        found = line.substring(name.length() + 1).trim();
      }
    }
    assertNotNull(found, "Dockerfile has " + name);
    return found;
  }

  private static Object at(Map<String, Object> m, String... path) {
    Object cur = m;
    for (String p : path) {
      cur = map(cur).get(p);
      assertNotNull(cur, "missing " + String.join(".", path));
    }
    return cur;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map, "expected a mapping, got " + o);
    return (Map<String, Object>) o;
  }

  private static List<?> list(Object o) {
    assertTrue(o instanceof List, "expected a list, got " + o);
    return (List<?>) o;
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    list(o).forEach(x -> out.add(String.valueOf(x)));
    return out;
  }

  private static String only(java.util.Set<String> keys) {
    assertEquals(1, keys.size(), "one key: " + keys);
    return keys.iterator().next();
  }
}
