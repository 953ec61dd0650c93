package io.roomgate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's {@code nginx} as a load balancer in front of gateway processes: round robin over {@code upstreams}, HTTP/1.1
 * keep-alive to them, on a free loopback port, with every path it writes in a temp directory (no root needed).
 */
public final class NginxProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private NginxProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static NginxProcess start(List<Integer> upstreams) {
    try {
      Path dir = Files.createTempDirectory("roomgate-nginx-");
      int port = FreePorts.next();
      String servers = upstreams.stream().map(p -> "    server 127.0.0.1:" + p + ";").collect(Collectors.joining("\n"));
      Files.writeString(dir.resolve("nginx.conf"), """
          worker_processes 1;
          daemon off;
          pid %1$s/nginx.pid;
          error_log %1$s/error.log warn;
          events { worker_connections 1024; }
          http {
            access_log off;
            client_body_temp_path %1$s/body;
            proxy_temp_path %1$s/proxy;
            fastcgi_temp_path %1$s/fastcgi;
            uwsgi_temp_path %1$s/uwsgi;
            scgi_temp_path %1$s/scgi;
            upstream gateways {
          %2$s
              keepalive 64;
            }
            server {
              listen 127.0.0.1:%3$d;
              location / {
                proxy_pass http://gateways;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
              }
            }
          }
          """.formatted(dir, servers, port));
      Process p = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
      NginxProcess nginx = new NginxProcess(p, port, dir);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!nginx.accepts()) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          nginx.close();
          throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("out.log"))
              + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
        }
        Thread.sleep(50);
      }
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort
    }
  }
}
