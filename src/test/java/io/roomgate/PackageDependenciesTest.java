package io.roomgate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, point 3: the packages of {@code src/main/java} form no cycle, the room model depends on none of its
 * outer layers, dialects stay apart, and Redis keys are spelled in one place. Read from the sources (imports and
 * fully qualified names in code, comments left out), so constants the compiler inlines count too.
 */
class PackageDependenciesTest {
  private static final String ROOT = "io.roomgate";
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.roomgate((?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");

  /** package → the other io.roomgate packages its code names. */
  private static Map<String, Set<String>> uses;
  /** file → the string literals in it. */
  private static Map<Path, List<String>> literals;
  /** file → its code, comments and literals blanked out. */
  private static Map<Path, String> code;

  @BeforeAll
  static void scan() throws IOException {
    uses = new TreeMap<>();
    literals = new TreeMap<>();
    code = new TreeMap<>();
    Path sources = Path.of("src/main/java");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    for (Path file : files) {
      String pkg = sources.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
      Lexed lexed = Lexed.of(Files.readString(file, StandardCharsets.UTF_8));
      Set<String> mine = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
      Matcher m = REFERENCE.matcher(lexed.code);
      while (m.find()) {
        String used = ROOT + m.group(1);
        if (!used.equals(pkg)) {
          mine.add(used);
        }
      }
      literals.put(file, lexed.strings);
      code.put(sources.relativize(file), lexed.code);
    }
  }

  @Test
  void theScanSeesTheDependenciesThatAreThere() {
    // A scan that found nothing would pass every rule below.
    assertTrue(uses.get("io.roomgate.api.plugnmeet").contains("io.roomgate.room"), uses.toString());
    assertTrue(uses.get("io.roomgate.store").contains("io.roomgate.room"), uses.toString());
    assertTrue(uses.get("io.roomgate").contains("io.roomgate.store"), uses.toString());
  }

  @Test
  void noPackageCycle() {
    List<String> cycle = cycle(uses);
    assertTrue(cycle.isEmpty(), "package cycle: " + String.join(" -> ", cycle));
  }

  @Test
  void theCycleFinderFindsCycles() {
    Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    List<String> found = cycle(graph);
    assertEquals(4, found.size(), found.toString());
    assertEquals(found.get(0), found.get(3));
    assertTrue(cycle(Map.of("a", Set.of("b"), "b", Set.of("c"), "d", Set.of("a"))).isEmpty());
  }

  @Test
  void theRoomModelKnowsNoStoreDialectOrWebhook() {
    assertUsesNone("io.roomgate.room", "io.roomgate.store", "io.roomgate.api", "io.roomgate.webhook",
        "io.roomgate.redis");
  }

  @Test
  void webhooksUseNoDialect() {
    assertUsesNone("io.roomgate.webhook", "io.roomgate.api");
  }

  @Test
  void tencentUsesNoPlugNmeetClass() {
    assertUsesNone("io.roomgate.api.tencent", "io.roomgate.api.plugnmeet");
  }

  @Test
  void redisKeysAreSpelledOnlyInRedisKeys() {
    List<String> spelled = new ArrayList<>();
    literals.forEach((file, strings) -> {
      if (!file.endsWith(Path.of("io/roomgate/redis/RedisKeys.java"))) {
        strings.stream().filter(s -> s.startsWith("rg:")).forEach(s -> spelled.add(file + ": " + s));
      }
    });
    assertTrue(spelled.isEmpty(), "Redis keys built outside RedisKeys: " + spelled);
  }

  /**
   * Issue 12, point 5: one clock. The wall clock is read in {@code GatewayClock} only; everything else is handed that
   * clock. Allowed besides it: {@code Main}'s shutdown log line (a timestamp, no decision) and the embedded LiveKit
   * simulator, which stands in for another program with its own clock.
   */
  @Test
  void theWallClockIsReadOnlyThroughTheGatewayClock() {
    Pattern wallClock = Pattern.compile(
        "\\bSystem\\s*\\.\\s*currentTimeMillis\\b|\\bInstant\\s*\\.\\s*now\\b"
            + "|\\bClock\\s*\\.\\s*system(UTC|DefaultZone)\\b");
    Path theClock = Path.of("io/roomgate/time/GatewayClock.java");
    Set<Path> allowed = Set.of(theClock, Path.of("io/roomgate/Main.java"));
    Path simulator = Path.of("io/roomgate/livekit/sim");
    assertTrue(wallClock.matcher(code.get(theClock)).find(), "the scan does not see GatewayClock read the clock");
    List<Path> reading = new ArrayList<>();
    code.forEach((file, text) -> {
      if (!allowed.contains(file) && !file.startsWith(simulator) && wallClock.matcher(text).find()) {
        reading.add(file);
      }
    });
    assertTrue(reading.isEmpty(), "read the wall clock themselves instead of the GatewayClock they are handed: "
        + reading);
  }

  /**
   * Presence has one writer, {@code ParticipantDirectory}: besides it, only the stores (which implement the port),
   * the hot read (which only reads) and the wiring in {@code Gateway} name {@code PresenceStore}.
   */
  @Test
  void presenceIsWrittenOnlyThroughTheParticipantDirectory() {
    Set<Path> allowed = Set.of(Path.of("io/roomgate/room/PresenceStore.java"),
        Path.of("io/roomgate/room/ParticipantDirectory.java"), Path.of("io/roomgate/room/RoomReads.java"),
        Path.of("io/roomgate/Gateway.java"));
    List<Path> naming = new ArrayList<>();
    code.forEach((file, text) -> {
      if (Pattern.compile("\\bPresenceStore\\b").matcher(text).find() && !allowed.contains(file)
          && !file.startsWith(Path.of("io/roomgate/store"))) {
        naming.add(file);
      }
    });
    assertTrue(code.containsKey(Path.of("io/roomgate/room/ParticipantDirectory.java")), code.keySet().toString());
    assertTrue(naming.isEmpty(), "PresenceStore used outside its one writer: " + naming);
  }

  private static void assertUsesNone(String pkg, String... forbidden) {
    for (Map.Entry<String, Set<String>> e : uses.entrySet()) {
      if (!e.getKey().equals(pkg) && !e.getKey().startsWith(pkg + ".")) {
        continue;
      }
      for (String used : e.getValue()) {
        for (String f : forbidden) {
          assertTrue(!used.equals(f) && !used.startsWith(f + "."), e.getKey() + " uses " + used);
        }
      }
    }
  }

  /** One cycle of the graph as a path that ends where it starts, or empty when there is none. */
  static List<String> cycle(Map<String, Set<String>> graph) {
    Set<String> done = new TreeSet<>();
    for (String start : new TreeSet<>(graph.keySet())) {
      List<String> path = new ArrayList<>();
      List<String> found = walk(graph, start, path, done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> walk(Map<String, Set<String>> graph, String node, List<String> path, Set<String> done) {
    int seen = path.indexOf(node);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(node);
      return cycle;
    }
    if (done.contains(node)) {
      return List.of();
    }
    path.add(node);
    for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
      List<String> found = walk(graph, next, path, done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    done.add(node);
    return List.of();
  }

  /** A source file split into its code (comments and literals blanked out) and its string literals. */
  private record Lexed(String code, List<String> strings) {
    static Lexed of(String src) {
      StringBuilder code = new StringBuilder(src.length());
      List<String> strings = new ArrayList<>();
      int i = 0;
      while (i < src.length()) {
        char c = src.charAt(i);
        if (src.startsWith("//", i)) {
          int end = src.indexOf('\n', i);
          i = end < 0 ? src.length() : end;
        } else if (src.startsWith("/*", i)) {
          int end = src.indexOf("*/", i + 2);
          i = end < 0 ? src.length() : end + 2;
          code.append(' ');
        } else if (src.startsWith("\"\"\"", i)) {
          int end = src.indexOf("\"\"\"", i + 3);
          end = end < 0 ? src.length() : end;
          strings.add(src.substring(i + 3, end).strip());
          i = Math.min(src.length(), end + 3);
          code.append("\"\"");
        } else if (c == '"' || c == '\'') {
          int j = i + 1;
          while (j < src.length() && src.charAt(j) != c) {
            j += src.charAt(j) == '\\' ? 2 : 1;
          }
          if (c == '"') {
            strings.add(src.substring(i + 1, Math.min(j, src.length())));
          }
          i = j + 1;
          code.append(c).append(c);
        } else {
          code.append(c);
          i++;
        }
      }
      return new Lexed(code.toString(), strings);
    }
  }
}
