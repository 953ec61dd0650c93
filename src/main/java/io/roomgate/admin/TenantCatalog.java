package io.roomgate.admin;

import io.roomgate.api.names.ApiNames;
import io.roomgate.config.ConfigException;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.TenantConfig;
import io.roomgate.config.TenantPlans;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The tenants of this node: the file's (hot-reloaded) and the admin API's, merged into the one list the registry
 * serves. <b>The file wins</b>: an API write to an id the file defines is refused, and if the file later defines an id
 * or a credential that an API tenant has, the API tenant is left out (logged) until the conflict is gone — the file is
 * what the operator deployed and it works without Redis, so no runtime call can override it.
 *
 * <p><b>Plans.</b> An API tenant may name one of the file's {@code plans}. A reload of the file that changes the plans
 * resolves such tenants again (so they follow their plan's new limits); a reload that removes or changes a plan so
 * that an API tenant naming it no longer validates is <em>refused</em> as a whole (as any invalid file is; the running
 * configuration stays, logged with the key-named error and counted): a runtime tenant must never silently lose or
 * change its limits because of an edit elsewhere. Move such tenants to another plan through the API first.
 *
 * <p>Changes come from the admin handlers and from the tenant store's announcements, on any thread; they are
 * serialised here (never on the request hot path, which reads the registry's immutable index).
 */
public final class TenantCatalog {
  private static final Logger LOG = Logger.getLogger(TenantCatalog.class.getName());

  /** Where a tenant comes from, as the admin API shows it. */
  public enum Source {
    FILE, API;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One tenant as listed: its configuration, where it comes from and (API tenants) its version. */
  public record Entry(TenantConfig config, Source source, long version) {
  }

  /** Where the effective tenants go: the registry and the metrics of the gateway. */
  public interface Installer {
    /** Every tenant at once (start, file reload, snapshot). */
    void replace(List<TenantConfig> all);

    /** One API tenant added or changed, in O(1). */
    void upsert(TenantConfig tenant);

    /** One API tenant gone (never a file tenant's id), in O(1). */
    void remove(String id);
  }

  private final Installer install;
  /** The file's plans, which API tenants may name. */
  private TenantPlans plans;
  /** File reloads refused because an API tenant's plan would no longer resolve. */
  private volatile long refusedReloads;
  /** The file's credentials: an API tenant with one of them is left out (the file wins). */
  private Map<String, String> fileKeys = new HashMap<>();
  private Map<Long, String> fileApps = new HashMap<>();
  private List<TenantConfig> file;
  private Map<String, TenantConfig> fileById;
  private final Map<String, ApiTenant> api = new HashMap<>();
  /** Versions of recent removals, so that a snapshot taken before one does not bring the tenant back. */
  private final Map<String, Long> removed = new HashMap<>();
  private static final int MAX_TOMBSTONES = 10_000;
  /** API tenants left out of the registry for a conflict with the file. */
  private volatile int shadowed;
  /** Sorted view for paging, rebuilt on the first list after a change. */
  private volatile TreeMap<String, Entry> sorted;

  /**
   * @param plans   the file's plans, which API tenants may name
   * @param install receives the effective tenants: all at once, or one change at a time
   */
  public TenantCatalog(List<TenantConfig> fileTenants, TenantPlans plans, Installer install) {
    ApiNames.check(fileTenants, plans);
    this.install = install;
    this.plans = plans;
    setFile(fileTenants);
  }

  /**
   * The file changed (hot reload): its tenants and its plans. API tenants that name a plan are resolved again with
   * the new plans; if one of them no longer resolves, nothing changes and the reload is refused with its key-named
   * error ({@code tenants[acme].plan: no such plan 'gold' under plans; ...}).
   *
   * @throws ConfigException the reload is refused (counted in {@link #refusedReloads()})
   */
  public synchronized void fileTenants(List<TenantConfig> tenants, TenantPlans newPlans) {
    ApiNames.check(tenants, newPlans);
    List<ApiTenant> replanned = new ArrayList<>();
    for (ApiTenant t : api.values()) {
      if (t.entry() != null && !newPlans.equals(t.plans())) {
        try {
          replanned.add(resolve(t, newPlans));
        } catch (ConfigException e) {
          refusedReloads++;
          String[] keyAndProblem = e.getMessage().split(": ", 2);
          throw new ConfigException(keyAndProblem[0], keyAndProblem[1] + "; that tenant is the admin API's: move it "
              + "to another plan (PUT /admin/tenants/" + t.id() + ") before the file takes its plan away or changes "
              + "it so");
        }
      }
    }
    plans = newPlans;
    replanned.forEach(t -> api.put(t.id(), t));
    setFile(tenants);
    publish();
  }

  /** File reloads refused so far because an API tenant's plan would no longer resolve. */
  public long refusedReloads() {
    return refusedReloads;
  }

  /**
   * Validates a stored API entry (as plain maps and lists) with the loader's rules and the current plans; throws
   * {@link ConfigException}.
   */
  public ApiTenant parse(String id, Map<?, ?> entry, long version) {
    TenantPlans now;
    synchronized (this) {
      now = plans;
    }
    return ApiTenant.of(checked(ConfigLoader.tenant(id, entry, now)), version, entry, now);
  }

  /** {@code t} resolved again with {@code with} (same version); throws {@link ConfigException}. */
  private static ApiTenant resolve(ApiTenant t, TenantPlans with) {
    return ApiTenant.of(checked(ConfigLoader.tenant(t.id(), t.entry(), with)), t.version(), t.entry(), with);
  }

  /** {@code t}, once its limits name only APIs the dialects serve; throws {@link ConfigException}. */
  private static TenantConfig checked(TenantConfig t) {
    ApiNames.check(t);
    return t;
  }

  /** {@code t} on the current plans (it may have been resolved before a reload), or {@code null} if it is not valid. */
  private ApiTenant onCurrentPlans(ApiTenant t) {
    if (t.entry() == null || plans.equals(t.plans())) {
      return t;
    }
    try {
      return resolve(t, plans);
    } catch (ConfigException e) {
      LOG.warning("tenants: admin API tenant '" + t.id() + "' left out: " + e.getMessage());
      return null;
    }
  }

  private void setFile(List<TenantConfig> tenants) {
    file = List.copyOf(tenants);
    Map<String, TenantConfig> byId = new HashMap<>();
    Map<String, String> keys = new HashMap<>();
    Map<Long, String> apps = new HashMap<>();
    for (TenantConfig t : tenants) {
      byId.put(t.id(), t);
      if (t.plugnmeet() != null) {
        keys.put(t.plugnmeet().apiKey(), t.id());
      }
      if (t.tencent() != null) {
        apps.put(t.tencent().sdkAppId(), t.id());
      }
    }
    fileById = byId;
    fileKeys = keys;
    fileApps = apps;
  }

  /** Whether the file defines this API tenant's id or one of its credentials. */
  private boolean clashesWithFile(TenantConfig c) {
    return fileById.containsKey(c.id())
        || c.plugnmeet() != null && fileKeys.containsKey(c.plugnmeet().apiKey())
        || c.tencent() != null && fileApps.containsKey(c.tencent().sdkAppId());
  }

  /** Installs one API tenant's change in O(1) (unless the file shadows it). */
  private void installOne(ApiTenant now, String id) {
    sorted = null;
    if (fileById.containsKey(id)) {
      return; // the file's tenant of that id stays
    }
    if (now == null || clashesWithFile(now.config())) {
      install.remove(id);
    } else {
      install.upsert(now.config());
    }
  }

  /**
   * Validates an API body for {@code id} with the configuration loader's own rules and messages; throws
   * {@link ConfigException} (400) or {@link FileTenantException} (409, the id is the file's).
   */
  public ApiTenant validate(String id, Map<?, ?> body) {
    ConfigLoader.checkTenantId("id", id);
    String path = "tenants[" + id + "]";
    Object bodyId = body.get("id");
    if (bodyId != null && !id.equals(bodyId)) {
      throw new ConfigException(path + ".id", "must be left out or equal the path's id '" + id + "'");
    }
    if (isFileTenant(id)) {
      throw new FileTenantException(id);
    }
    Map<Object, Object> entry = new LinkedHashMap<>(body);
    entry.put("id", id);
    ApiTenant t = parse(id, entry, 0);
    ConfigException conflict;
    synchronized (this) {
      conflict = ConfigLoader.credentialConflict(path, t.config(), effectiveExcept(id));
    }
    if (conflict != null) {
      throw conflict;
    }
    return t;
  }

  public synchronized boolean isFileTenant(String id) {
    return fileById.containsKey(id);
  }

  /** Applies an API tenant if it is newer than the one held; returns whether it changed anything. */
  public synchronized boolean apply(ApiTenant given) {
    ApiTenant held = api.get(given.id());
    if (held != null && held.version() >= given.version()) {
      return false;
    }
    ApiTenant t = onCurrentPlans(given);
    if (t == null) {
      return false;
    }
    api.put(t.id(), t);
    installOne(t, t.id());
    return true;
  }

  /** Removes an API tenant (if the removal is not older than what is held); returns whether it was there. */
  public synchronized boolean remove(String id, long version) {
    if (removed.size() >= MAX_TOMBSTONES) {
      removed.clear(); // bounded: at worst a snapshot taken before a removal shows the tenant until the next one
    }
    removed.merge(id, version, Math::max);
    ApiTenant held = api.get(id);
    if (held == null || held.version() > version) {
      return false;
    }
    api.remove(id);
    installOne(null, id);
    return true;
  }

  /**
   * Replaces every API tenant at once with a snapshot of the store taken at {@code snapshotVersion} (a node's
   * catch-up). Changes this node applied after the snapshot was taken (its own writes and deletes) are kept; a
   * tenant whose version did not change keeps its object.
   */
  public synchronized void replaceApi(Collection<ApiTenant> all, long snapshotVersion) {
    Map<String, ApiTenant> next = new HashMap<>();
    for (ApiTenant given : all) {
      ApiTenant t = onCurrentPlans(given);
      if (t == null) {
        continue;
      }
      Long gone = removed.get(t.id());
      if (gone != null && gone > t.version()) {
        continue; // removed here after the snapshot was taken
      }
      ApiTenant held = api.get(t.id());
      next.put(t.id(), held != null && held.version() >= t.version() ? held : t);
    }
    for (ApiTenant held : api.values()) {
      if (held.version() > snapshotVersion) {
        next.merge(held.id(), held, (a, b) -> a.version() >= b.version() ? a : b); // newer than the snapshot
      }
    }
    removed.values().removeIf(v -> v <= snapshotVersion);
    api.clear();
    api.putAll(next);
    publish();
  }

  /** The tenant with this id as listed, or {@code null}. */
  public synchronized Entry get(String id) {
    TenantConfig f = fileById.get(id);
    if (f != null) {
      return new Entry(f, Source.FILE, 0);
    }
    ApiTenant a = api.get(id);
    return a == null ? null : new Entry(a.config(), Source.API, a.version());
  }

  /** The API tenant with this id, or {@code null}. */
  public synchronized ApiTenant apiTenant(String id) {
    return api.get(id);
  }

  /** Up to {@code limit} tenants with ids after {@code after} ({@code null}: from the first), in id order. */
  public List<Entry> page(String after, int limit) {
    TreeMap<String, Entry> view = sortedView();
    Collection<Entry> tail = after == null ? view.values() : view.tailMap(after, false).values();
    List<Entry> out = new ArrayList<>(Math.min(limit, view.size()));
    for (Entry e : tail) {
      if (out.size() == limit) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  /** How many API tenants there are (held, whether or not shadowed by the file). */
  public synchronized int apiCount() {
    return api.size();
  }

  /** API tenants left out of the registry because the file defines their id or one of their credentials. */
  public int shadowed() {
    return shadowed;
  }

  private synchronized TreeMap<String, Entry> sortedView() {
    TreeMap<String, Entry> view = sorted;
    if (view == null) {
      view = new TreeMap<>();
      for (ApiTenant a : api.values()) {
        view.put(a.id(), new Entry(a.config(), Source.API, a.version()));
      }
      for (TenantConfig f : file) {
        view.put(f.id(), new Entry(f, Source.FILE, 0));
      }
      sorted = view;
    }
    return view;
  }

  private List<TenantConfig> effectiveExcept(String id) {
    List<TenantConfig> out = new ArrayList<>(file.size() + api.size());
    out.addAll(file);
    for (ApiTenant a : api.values()) {
      if (!a.id().equals(id)) {
        out.add(a.config());
      }
    }
    return out;
  }

  /** File tenants first (in file order), then API tenants in id order, leaving out those the file overrides. */
  private void publish() {
    sorted = null;
    List<TenantConfig> out = new ArrayList<>(file);
    int left = 0;
    for (ApiTenant a : new TreeMap<>(api).values()) {
      TenantConfig c = a.config();
      if (clashesWithFile(c)) {
        left++;
        continue;
      }
      out.add(c);
    }
    if (left != shadowed && left > 0) {
      LOG.warning(left + " tenant(s) of the admin API left out: the configuration file defines their id or a "
          + "credential of theirs (the file wins)");
    }
    shadowed = left;
    install.replace(out);
  }

  /** An API write to an id that the configuration file defines. */
  public static final class FileTenantException extends RuntimeException {
    FileTenantException(String id) {
      super("tenants[" + id + "]: defined in the configuration file; change it there (the file wins over the admin "
          + "API)");
    }
  }
}
