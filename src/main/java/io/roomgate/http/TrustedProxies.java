package io.roomgate.http;

import io.roomgate.config.CidrBlock;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers may say who the client is ({@code server.trusted_proxies}), and how their word is read: only when the
 * peer is trusted does the gateway look at {@code Forwarded} (RFC 7239, preferred when present) or
 * {@code X-Forwarded-For}, walking the list from the right, past addresses that are themselves trusted proxies; the
 * first untrusted address is the client. Each proxy appends the address it saw, so everything from the right up to
 * that point was written by a proxy the operator trusts, and anything a client wrote itself lies further left.
 *
 * <p>An entry that is not an IP address ({@code unknown}, an obfuscated name, garbage) ends the walk at the trusted
 * proxy that wrote it; when every address is trusted, the left-most is the client. Stateless; shared.
 */
public final class TrustedProxies {
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<CidrBlock> networks;

  public TrustedProxies(List<CidrBlock> networks) {
    this.networks = List.copyOf(networks);
  }

  public boolean isEmpty() {
    return networks.isEmpty();
  }

  /** Whether the peer at {@code address} is one of the trusted proxies (a domain socket never is). */
  public boolean trusts(SocketAddress address) {
    if (networks.isEmpty() || address == null || address.hostAddress() == null) {
      return false;
    }
    InetAddress ip = CidrBlock.literal(address.hostAddress());
    return ip != null && trusts(ip);
  }

  private boolean trusts(InetAddress ip) {
    for (CidrBlock n : networks) {
      if (n.contains(ip)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client's IP for a request from {@code peer} (the socket's peer, or the source a trusted proxy gave in a
   * PROXY header) with these headers; {@code ""} when there is no address (a domain socket).
   */
  public String client(SocketAddress peer, MultiMap headers) {
    String peerIp = peer == null || peer.hostAddress() == null ? "" : peer.hostAddress();
    if (networks.isEmpty() || peerIp.isEmpty()) {
      return peerIp;
    }
    InetAddress ip = CidrBlock.literal(peerIp);
    if (ip == null || !trusts(ip)) {
      return peerIp;
    }
    List<String> forwarded = headers.getAll("Forwarded");
    List<String> hops = forwarded.isEmpty() ? xForwardedFor(headers.getAll("X-Forwarded-For")) : forwarded(forwarded);
    String client = peerIp;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = address(hops.get(i));
      if (hop == null) {
        return client; // the trusted proxy that wrote this did not know (or would not say) who its peer was
      }
      client = hop.getHostAddress();
      if (!trusts(hop)) {
        return client;
      }
    }
    return client;
  }

  /** {@code X-Forwarded-For: a, b, c} (several header lines read as one list, in order). */
  static List<String> xForwardedFor(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String part : v.split(",", -1)) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /**
   * The {@code for=} of each element of {@code Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::17]:4711"}
   * (RFC 7239 §4); an element without one counts as an unknown hop. Commas and semicolons inside quotes do not split.
   */
  static List<String> forwarded(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      String forValue = null;
      boolean quoted = false;
      int start = 0;
      for (int i = 0; i <= v.length(); i++) {
        char c = i < v.length() ? v.charAt(i) : ',';
        if (c == '"' && i < v.length()) {
          quoted = !quoted;
        } else if (c == '\\' && quoted) {
          i++;
        } else if (!quoted && (c == ';' || c == ',')) {
          String pair = v.substring(start, i).trim();
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
            forValue = pair.substring(eq + 1).trim();
          }
          start = i + 1;
          if (c == ',') {
            out.add(forValue == null ? "" : forValue);
            forValue = null;
          }
        }
      }
    }
    return out;
  }

  /**
   * The IP address a hop names: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1},
   * {@code [2001:db8::1]:4711}, each possibly in double quotes; {@code null} for anything else. Never asks DNS.
   */
  static InetAddress address(String hop) {
    String s = hop.length() >= 2 && hop.startsWith("\"") && hop.endsWith("\"") ? hop.substring(1, hop.length() - 1)
        : hop;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || (close + 1 < s.length() && s.charAt(close + 1) != ':')) {
        return null;
      }
      s = s.substring(1, close);
      return s.indexOf(':') < 0 ? null : CidrBlock.literal(s);
    }
    int colon = s.indexOf(':');
    if (colon >= 0 && colon == s.lastIndexOf(':')) {
      s = s.substring(0, colon); // IPv4 with a port
      return s.indexOf(':') < 0 && s.indexOf('.') > 0 ? CidrBlock.literal(s) : null;
    }
    return CidrBlock.literal(s);
  }
}
