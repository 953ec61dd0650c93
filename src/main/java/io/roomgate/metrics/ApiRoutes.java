package io.roomgate.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a request path to the two bounded labels {@code dialect} and {@code api}, so that metrics and the access log
 * carry routes, never raw paths: the dialect comes from the mount point, the API is the path's last segment only
 * when it is one of the dialect's known endpoints, else {@code unknown}. Anything outside every mount is
 * {@code other}/{@code unknown}.
 *
 * <p>Built once at start ({@link #builder()}); lookups are a prefix scan over a handful of mounts plus one set
 * lookup; every {@link Route} is built at start, so both labels are members of fixed sets.
 */
public final class ApiRoutes {
  public static final String OTHER = "other";
  public static final String UNKNOWN = "unknown";

  private record Mount(String prefix, String dialect, Map<String, Route> routes, Route unknown) {
    Mount(String prefix, String dialect, Set<String> apis) {
      this(prefix, dialect, routesOf(dialect, apis), new Route(dialect, UNKNOWN));
    }

    private static Map<String, Route> routesOf(String dialect, Set<String> apis) {
      Map<String, Route> m = new java.util.HashMap<>();
      apis.forEach(a -> m.put(a, new Route(dialect, a)));
      return Map.copyOf(m);
    }

    boolean matches(String path) {
      return prefix.endsWith("/") ? path.startsWith(prefix) : path.equals(prefix);
    }

    Route route(String path) {
      if (!prefix.endsWith("/")) {
        return routes.values().iterator().next();
      }
      Route r = routes.get(path.substring(prefix.length()));
      return r != null ? r : unknown;
    }
  }

  /** A request's labels. */
  public record Route(String dialect, String api) {
  }

  private final List<Mount> mounts;
  private final Route other = new Route(OTHER, UNKNOWN);

  private ApiRoutes(List<Mount> mounts) {
    this.mounts = List.copyOf(mounts);
  }

  /**
   * The gateway's mounts: plugNmeet, Tencent and the LiveKit webhook receiver.
   *
   * @param plugNmeetApis its room endpoints, {@code /auth/room/<api>} (the dialect's enum of endpoints)
   * @param tencentApis   its commands, {@code /v4/live_engine_http_srv/<api>} (the dialect's enum of endpoints)
   */
  public static ApiRoutes standard(Set<String> plugNmeetApis, Set<String> tencentApis) {
    return builder()
        .dialect("plugnmeet", "/auth/room/", plugNmeetApis)
        .dialect("plugnmeet", "/auth/", Set.of())
        .dialect("tencent", "/v4/live_engine_http_srv/", tencentApis)
        .exact("livekit-webhook", "/webhook", "webhook")
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Route classify(String path) {
    if (path == null) {
      return other;
    }
    for (Mount m : mounts) {
      if (m.matches(path)) {
        return m.route(path);
      }
    }
    return other;
  }

  public static final class Builder {
    private final List<Mount> mounts = new ArrayList<>();

    /** Paths under {@code prefix} (ending in {@code /}) belong to {@code dialect}; {@code apis} are its endpoints. */
    public Builder dialect(String dialect, String prefix, Set<String> apis) {
      if (!prefix.endsWith("/")) {
        throw new IllegalArgumentException("a dialect prefix ends with /: " + prefix);
      }
      mounts.add(new Mount(prefix, dialect, Set.copyOf(apis)));
      return this;
    }

    /** Exactly {@code path} is {@code dialect}/{@code api}. */
    public Builder exact(String dialect, String path, String api) {
      mounts.add(new Mount(path, dialect, Set.of(api)));
      return this;
    }

    /** Longer prefixes are tried first, so {@code /auth/room/} wins over {@code /auth/}. */
    public ApiRoutes build() {
      List<Mount> sorted = new ArrayList<>(mounts);
      sorted.sort((a, b) -> Integer.compare(b.prefix.length(), a.prefix.length()));
      return new ApiRoutes(sorted);
    }
  }
}
