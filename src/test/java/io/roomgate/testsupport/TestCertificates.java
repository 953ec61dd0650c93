package io.roomgate.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made by {@code openssl} for a test: CN and SAN {@code localhost} and {@code 127.0.0.1},
 * valid a day, EC P-256 (quick to make). Each one also serves as its own CA, so a client trusts it by its PEM file.
 */
public final class TestCertificates {
  private TestCertificates() {
  }

  /** A certificate and its key in {@code dir}, named {@code <name>.crt} and {@code <name>.key}. */
  public record Pair(Path cert, Path key) {
    /** Replaces {@code target}'s files with this pair's, each by an atomic rename, as a deploy tool would. */
    public void installAs(Pair target) throws IOException {
      Path certTmp = target.cert.resolveSibling(target.cert.getFileName() + ".new");
      Path keyTmp = target.key.resolveSibling(target.key.getFileName() + ".new");
      Files.copy(cert, certTmp, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(key, keyTmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(keyTmp, target.key, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.move(certTmp, target.cert, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes a pair with subject {@code CN=<commonName>}. */
  public static Pair make(Path dir, String name, String commonName) throws IOException, InterruptedException {
    Path cert = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    Process p = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1",
        "-subj", "/CN=" + commonName, "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-addext", "basicConstraints=critical,CA:TRUE"))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl req failed: " + out);
    }
    return new Pair(cert, key);
  }
}
