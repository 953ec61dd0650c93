package io.roomgate.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 over a plain socket, written byte for byte as a test needs it (slow, partial, with a PROXY header), and the
 * moment the server closes the connection.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private volatile CompletableFuture<Long> closedAt;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  public static RawHttp connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(60_000);
    s.setTcpNoDelay(true);
    return new RawHttp(s);
  }

  public void write(String text) throws IOException {
    write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public void write(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** A plugNmeet request with a correct (or, with a wrong secret, an incorrect) signature; extra header lines end in CRLF. */
  public static String plugNmeet(String api, String body, String apiKey, String secret, String extraHeaders) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return "POST /auth/room/" + api + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
        + "API-KEY: " + apiKey + "\r\nHASH-SIGNATURE: " + PlugNmeetTestClient.sign(secret, b) + "\r\n"
        + extraHeaders + "Content-Length: " + b.length + "\r\n\r\n" + body;
  }

  /** Reads one response (status line, headers, a Content-Length body); returns the status code and keeps the rest. */
  public Response read() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed before a complete answer: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return new Response(Integer.parseInt(text.substring(9, 12)), text, new String(body, StandardCharsets.UTF_8));
  }

  public record Response(int status, String head, String body) {
  }

  /**
   * Starts watching for the server's close: completes with {@code System.nanoTime()} when a read ends (EOF or reset).
   * Anything the server sends meanwhile is discarded.
   */
  public CompletableFuture<Long> watchClose() {
    CompletableFuture<Long> f = new CompletableFuture<>();
    closedAt = f;
    Thread t = new Thread(() -> {
      try {
        byte[] buf = new byte[1024];
        while (in.read(buf) >= 0) {
          // discard
        }
      } catch (IOException closed) {
        // reset or timeout: the connection is gone either way
      }
      f.complete(System.nanoTime());
    }, "raw-http-close-watch");
    t.setDaemon(true);
    t.start();
    return f;
  }

  /**
   * Sends {@code bytes} one at a time, {@code gapMillis} apart (cycling when they run out), until the server closes
   * the connection or {@code limitMillis} pass; returns when that happened, from {@link #watchClose()}.
   */
  public long dribbleUntilClosed(byte[] bytes, long gapMillis, long limitMillis) throws Exception {
    CompletableFuture<Long> closed = closedAt != null ? closedAt : watchClose();
    long end = System.nanoTime() + limitMillis * 1_000_000;
    int i = 0;
    while (!closed.isDone() && System.nanoTime() < end) {
      try {
        socket.getOutputStream().write(bytes[i++ % bytes.length]);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        break; // the server reset it: the watcher sees that too
      }
      Thread.sleep(gapMillis);
    }
    return closed.get(Math.max(1, (end - System.nanoTime()) / 1_000_000) + 5_000,
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
