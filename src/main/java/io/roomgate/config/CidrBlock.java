package io.roomgate.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare address is a /32 or /128.
 * Parsing never asks DNS: only address literals are accepted.
 */
public final class CidrBlock {
  private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");

  private final byte[] network;
  private final int prefix;
  private final String text;

  private CidrBlock(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code address[/prefix]}.
   *
   * @throws IllegalArgumentException with a message fit for a config error
   */
  public static CidrBlock parse(String cidr) {
    String s = cidr.trim();
    int slash = s.indexOf('/');
    InetAddress address = literal(slash < 0 ? s : s.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("must be an IPv4 or IPv6 network like 10.0.0.0/8 or fd00::/8, was '"
          + cidr + "'");
    }
    byte[] bytes = address.getAddress();
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max) {
        throw new IllegalArgumentException("prefix length must be between 0 and " + max + ", was '" + cidr + "'");
      }
      prefix = Integer.parseInt(p);
    }
    byte[] network = mask(bytes, prefix);
    if (!Arrays.equals(network, bytes)) {
      throw new IllegalArgumentException("has host bits set: '" + cidr + "' (the network is "
          + format(network) + "/" + prefix + ")");
    }
    return new CidrBlock(network, prefix, format(network) + "/" + prefix);
  }

  /** The address an IP literal names, without any DNS lookup; {@code null} if the text is not an IP literal. */
  public static InetAddress literal(String text) {
    String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (IPV4.matcher(s).matches()) {
      byte[] b = new byte[4];
      String[] parts = s.split("\\.");
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        b[i] = (byte) v;
      }
      return byAddress(b);
    }
    if (s.indexOf(':') < 0 || !IPV6.matcher(s).matches()) {
      return null;
    }
    try {
      // an IPv6 literal (checked above: hex digits, colons, dots) is parsed, never looked up
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether {@code address} lies in this network (an IPv4 address never lies in an IPv6 network and back). */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - keep)));
    }
    return out;
  }

  private static InetAddress byAddress(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // only thrown for a wrong length
    }
  }

  private static String format(byte[] b) {
    InetAddress a = byAddress(b);
    return a instanceof Inet4Address ? a.getHostAddress() : a.getHostAddress().replaceAll("(^|:)0(:0)+(:|$)", "::");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CidrBlock c && c.prefix == prefix && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return text;
  }
}
