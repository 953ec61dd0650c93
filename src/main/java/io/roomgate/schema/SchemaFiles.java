package io.roomgate.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the schema files: the {@code *.json} files of the classpath folder {@code schemas/} (the build copies
 * {@code conf/schemas/} there), then those of an optional override directory, which add files or replace them
 * by file name. Reads them; checks nothing about their content ({@link SchemaChecker} does).
 */
final class SchemaFiles {

  private SchemaFiles() {
  }

  /** The URI of the schema named {@code name}: {@link SchemaRegistry#BASE_URI} + file name. */
  static String uri(String name) {
    return SchemaRegistry.BASE_URI + name + ".json";
  }

  /**
   * The classpath schemas, then those of {@code overrideDir} (when not null), sorted by name.
   *
   * @throws IllegalStateException when a file or folder cannot be read, or no schema was found
   */
  static Map<String, SchemaSource> find(Path overrideDir) {
    Map<String, SchemaSource> sources = new TreeMap<>();
    readClasspath(sources);
    if (overrideDir != null) {
      readDirectory(overrideDir, sources);
    }
    if (sources.isEmpty()) {
      throw new IllegalStateException("no JSON Schemas found in classpath:" + SchemaRegistry.CLASSPATH_FOLDER
        + (overrideDir == null ? "" : " or " + overrideDir));
    }
    return sources;
  }

  private static void readClasspath(Map<String, SchemaSource> sources) {
    String folder = SchemaRegistry.CLASSPATH_FOLDER;
    ClassLoader cl = SchemaFiles.class.getClassLoader();
    try {
      Enumeration<URL> roots = cl.getResources(folder);
      while (roots.hasMoreElements()) {
        for (String file : list(roots.nextElement(), folder)) {
          String name = file.substring(0, file.length() - ".json".length());
          if (sources.containsKey(name)) {
            continue; // first classpath root wins, as for any resource
          }
          String origin = "classpath:" + folder + file;
          try (InputStream in = cl.getResourceAsStream(folder + file)) {
            if (in == null) {
              throw new IllegalStateException("cannot read " + origin);
            }
            sources.put(name, new SchemaSource(name, origin, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          }
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot list classpath:" + folder + ": " + e, e);
    }
  }

  /** The {@code *.json} file names directly in one classpath root's folder, a directory or a jar. */
  private static List<String> list(URL root, String folder) throws IOException, URISyntaxException {
    List<String> files = new ArrayList<>();
    if ("file".equals(root.getProtocol())) {
      try (Stream<Path> s = Files.list(Path.of(root.toURI()))) {
        s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(files::add);
      }
    } else if ("jar".equals(root.getProtocol())) {
      JarURLConnection conn = (JarURLConnection) root.openConnection();
      conn.setUseCaches(false);
      try (JarFile jar = conn.getJarFile()) {
        for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
          String entry = en.nextElement().getName();
          if (entry.startsWith(folder) && entry.endsWith(".json") && entry.indexOf('/', folder.length()) < 0) {
            files.add(entry.substring(folder.length()));
          }
        }
      }
    }
    return files;
  }

  private static void readDirectory(Path dir, Map<String, SchemaSource> sources) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("schema override directory " + dir + " is not a directory");
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()::iterator) {
        String file = p.getFileName().toString();
        String name = file.substring(0, file.length() - ".json".length());
        sources.put(name, new SchemaSource(name, p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException("cannot read schema override directory " + dir + ": " + e, e);
    }
  }
}
