package io.roomgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a tenant webhook URL must look like (room {@code metadata.webhook_url}, {@code tenants[].webhook_url}):
 * an absolute {@code http} or {@code https} URL with a host, an optional port 1–65535 and no user information.
 * Where it may point (public addresses only, unless {@code webhooks.allow_networks} says otherwise) is decided when
 * it is delivered to, by {@code webhook.DestinationPolicy}, on the address actually connected to. Here, in config/,
 * because the configuration (the file and the admin API) and plugNmeet's create check URLs with it.
 */
public final class WebhookUrl {
  static final int MAX_LENGTH = 2048;
  private static final String NOT_HTTP = "must be an http:// or https:// URL";

  private WebhookUrl() {
  }

  /** {@code null} when {@code url} is acceptable, else why not (text fit for a client, without the URL). */
  public static String problem(String url) {
    if (url == null || url.isEmpty()) {
      return NOT_HTTP;
    }
    if (url.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters";
    }
    URI uri = parse(url);
    if (uri == null || uri.getScheme() == null) {
      return NOT_HTTP;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return NOT_HTTP;
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "must be an http:// or https:// URL with a host name or address";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not contain user information (user:password@)";
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return "port must be between 1 and 65535";
    }
    return null;
  }

  /** A parsed acceptable URL; {@code null} if {@link #problem} has one. */
  public static URI parse(String url) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return null; // whitespace and control characters: never part of a URL we send to
      }
    }
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** {@code scheme://host:port} of a URL, for logs: no path, query or fragment, which may carry the tenant's secrets. */
  public static String origin(String url) {
    URI uri = parse(url);
    if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
      return "(not an http(s) URL)";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme + "://" + uri.getHost() + ":" + port(uri);
  }

  /** The URL's port, or its scheme's default. */
  public static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  /** The host as a resolver wants it: an IPv6 literal without its brackets. */
  public static String host(URI uri) {
    String h = uri.getHost();
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /** Path and query to request, {@code /} when empty. */
  public static String requestUri(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }
}
