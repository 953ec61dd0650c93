package io.roomgate.testsupport;

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
 * open, as with a half-open socket or a stalled network path. Blocking threads: test use only.
 */
public final class SilenceableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean silent;

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

  private void pump(Socket from, Socket to, boolean silenceable) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (!(silenceable && silent)) {
            out.write(buf, 0, n);
            out.flush();
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
