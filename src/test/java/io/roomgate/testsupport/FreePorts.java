package io.roomgate.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks free loopback ports for servers a test starts in another process or later in this one.
 *
 * <p>The ports come from below the kernel's ephemeral range: a port the kernel handed out for {@code bind(0)} is
 * also a candidate for the source port of any outbound connection (Redis pools, HTTP clients), so between the
 * probe and the real bind another socket could take it and the server would fail with "Address already in use".
 * Ports below the range are only ever taken by an explicit bind. Each JVM starts at a random offset and walks
 * forward, so two allocations in one run never repeat.
 */
public final class FreePorts {
  private static final int FLOOR = 10_000;
  private static final int[] RANGE = pickRange();
  private static final AtomicInteger NEXT =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(RANGE[1] - RANGE[0]));

  private FreePorts() {
  }

  public static int next() {
    int span = RANGE[1] - RANGE[0];
    for (int attempt = 0; attempt < span; attempt++) {
      int port = RANGE[0] + Math.floorMod(NEXT.getAndIncrement(), span);
      if (bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + RANGE[0] + ".." + RANGE[1]);
  }

  private static boolean bindable(int port) {
    // both the wildcard and the loopback address: configs bind either
    try (ServerSocket any = new ServerSocket()) {
      any.bind(new InetSocketAddress(port), 1);
    } catch (IOException e) {
      return false;
    }
    try (ServerSocket loopback = new ServerSocket()) {
      loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** [low, high) outside the ephemeral range from {@code /proc}; Linux's default range when it cannot be read. */
  private static int[] pickRange() {
    int ephemeralLow = 32_768;
    int ephemeralHigh = 60_999;
    try {
      // readLine, not readString: /proc files report size 0 and readString can stop after the first read
      String line;
      try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
        line = in.readLine();
      }
      String[] parts = line.trim().split("\\s+");
      ephemeralLow = Integer.parseInt(parts[0]);
      ephemeralHigh = Integer.parseInt(parts[1]);
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: keep the default
    }
    if (ephemeralLow - FLOOR >= 2_000) {
      return new int[] {FLOOR, ephemeralLow};
    }
    if (65_535 - ephemeralHigh >= 2_000) {
      return new int[] {ephemeralHigh + 1, 65_536};
    }
    return new int[] {FLOOR, 65_536}; // a host with a huge ephemeral range: best effort
  }
}
