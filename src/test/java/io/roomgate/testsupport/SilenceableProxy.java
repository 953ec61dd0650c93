package io.roomgate.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder between a client and a server (e.g. a gateway and redis-server) that can go silent: after
 * {@link #silence()} the client's bytes still reach the server, but nothing comes back and the connection stays
 * open, as with a half-open socket or a stalled network path. It can also hold the server's answers
 * ({@link #hold()}) and let them through when the test says ({@link #releaseHeld()}), as a slow path would, without
 * the test depending on how fast anything runs. Blocking threads: test use only.
 */
public final class SilenceableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean silent;
  /** Per connection, the server's bytes held back while {@link #holding}; guarded by {@code this}. */
  private final List<Held> held = new CopyOnWriteArrayList<>();
  private boolean holding;

  private record Held(OutputStream to, ByteArrayOutputStream bytes) {
  }

  public SilenceableProxy(int targetPort) throws IOException {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next()));
    Thread acceptor = new Thread(() -> {
      while (!listener.isClosed()) {
        try {
          Socket client = listener.accept();
          Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
          sockets.add(client);
          sockets.add(server);
          pump(client, server, false);
          pump(server, client, true);
        } catch (IOException e) {
          return; // closed
        }
      }
    }, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** From now on, nothing the server sends reaches the client. */
  public void silence() {
    silent = true;
  }

  /** From now on, the server's answers wait here until {@link #releaseHeld()}. */
  public synchronized void hold() {
    holding = true;
  }

  /** Lets through what the server sent while held; later answers are held again (until {@link #stopHolding()}). */
  public synchronized void releaseHeld() throws IOException {
    for (Held h : held) {
      h.to().write(h.bytes().toByteArray());
      h.to().flush();
      h.bytes().reset();
    }
  }

  /** Lets through what is held, and everything after it. */
  public synchronized void stopHolding() throws IOException {
    releaseHeld();
    holding = false;
  }

  private void pump(Socket from, Socket to, boolean answers) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        Held mine = answers ? new Held(out, new ByteArrayOutputStream()) : null;
        if (mine != null) {
          held.add(mine);
        }
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (answers && silent) {
            continue;
          }
          synchronized (this) {
            if (answers && holding) {
              mine.bytes().write(buf, 0, n);
            } else {
              out.write(buf, 0, n);
              out.flush();
            }
          }
        }
      } catch (IOException e) {
        // a side closed
      }
    }, "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
