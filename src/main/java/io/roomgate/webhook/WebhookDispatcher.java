package io.roomgate.webhook;

import io.roomgate.config.WebhookUrl;
import io.roomgate.config.CidrBlock;
import io.roomgate.config.WebhookConfig;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Delivers tenant events over HTTP, in order per room: each room has a FIFO lane and at most one event in flight;
 * an event goes to each of its URLs in turn, each retried with exponential backoff until it answers 2xx or the event
 * is older than {@code max_age_seconds}. All lane state lives on one context, so nothing here locks.
 *
 * <p>Every attempt ends, whatever happens, in one of four ways: delivered (2xx), retried later (any other answer, a
 * redirect included, none within {@code timeout_ms}, a connection or TLS failure, any exception), dropped (too old,
 * or the tenant is gone) or refused (not an http(s) URL, or its address is not allowed by {@link DestinationPolicy}:
 * dropped at once). So no event can hold its lane for longer than its age limit, and a job always settles.
 *
 * <p>Tenants are isolated from each other: each has its own HTTP client, whose pool holds at most
 * {@code pool_size} connections per destination host and port. Rooms of one tenant whose destination never
 * answers wait for that tenant's connections; another tenant's events to the same host and port use their own.
 * And one tenant holds at most {@code max_queue_per_tenant} of the {@code max_queue} waiting events: its further
 * events are dropped (and, with Redis, acknowledged), so its stuck rooms cannot fill the queue for the others.
 */
final class WebhookDispatcher {
  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
  /** One name for every tenant's client: metrics stay bounded whatever the destinations. */
  static final String CLIENT_NAME = "roomgate-webhooks";

  /**
   * An event plus what to do once it is settled: {@code true} once each of its URLs was delivered to, refused or
   * given up on; {@code false} when it was dropped without trying them all (queue full, tenant share, tenant gone).
   */
  record Job(TenantEvent event, long queuedAtMillis, Consumer<Boolean> onSettled) {
  }

  /** Not to be delivered to, now or later; says why in words safe to log. */
  static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The tenant was removed from the configuration: nobody can sign its events any more. */
  private static final class TenantGone extends RuntimeException {
    TenantGone() {
      super("tenant is no longer configured", null, false, false);
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final WebhookSigner signer;
  private final WebhookConfig config;
  private final DestinationPolicy policy;
  private final GatewayClock clock;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
  private final Map<String, ArrayDeque<Job>> lanes = new HashMap<>();
  private int queued;
  private final Map<String, Integer> queuedPerTenant = new HashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  WebhookDispatcher(Vertx vertx, Context context, WebhookSigner signer, WebhookConfig config, GatewayClock clock) {
    this.vertx = vertx;
    this.context = context;
    this.signer = signer;
    this.config = config;
    this.policy = new DestinationPolicy(config.allowNetworks());
    this.clock = clock;
  }

  /** Room for more events in this process. */
  int capacity() {
    return config.maxQueue() - queued;
  }

  long now() {
    return clock.millis();
  }

  /** Queues the job on the dispatcher's context; a full queue drops it (and says so). */
  void submit(Job job) {
    context.runOnContext(v -> {
      if (queued >= config.maxQueue()) {
        dropped.incrementAndGet();
        LOG.warning("webhook queue full (" + config.maxQueue() + "): dropped " + describe(job.event()));
        notifySettled(job, false);
        return;
      }
      int ofTenant = queuedPerTenant.getOrDefault(job.event().tenantId(), 0);
      if (ofTenant >= config.maxQueuePerTenant()) {
        // its destinations are slow or dead: the rest of the queue stays free for the other tenants
        dropped.incrementAndGet();
        LOG.warning("tenant " + job.event().tenantId() + " has " + ofTenant
            + " webhook events waiting (webhooks.max_queue_per_tenant): dropped " + describe(job.event()));
        notifySettled(job, false);
        return;
      }
      queued++;
      queuedPerTenant.put(job.event().tenantId(), ofTenant + 1);
      ArrayDeque<Job> lane = lanes.computeIfAbsent(job.event().lane(), k -> new ArrayDeque<>());
      lane.add(job);
      if (lane.size() == 1) {
        attempt(lane, job, 0, 0);
      }
    });
  }

  private void attempt(ArrayDeque<Job> lane, Job job, int urlIndex, int attempt) {
    TenantEvent event = job.event();
    if (urlIndex >= event.urls().size()) {
      settle(lane, job, true);
      return;
    }
    String url = event.urls().get(urlIndex);
    Future<Integer> status;
    try {
      status = send(event, url);
    } catch (RuntimeException e) {
      status = Future.failedFuture(e); // whatever went wrong, the attempt ends like a failed one
    }
    status.onComplete(ar -> onContext(() -> {
      try {
        if (ar.succeeded() && ar.result() / 100 == 2) {
          delivered.incrementAndGet();
          attempt(lane, job, urlIndex + 1, 0);
        } else if (ar.failed() && ar.cause() instanceof TenantGone) {
          dropped.incrementAndGet();
          LOG.warning("dropped " + describe(event) + ": its tenant is no longer configured");
          closeClient(event.tenantId());
          settle(lane, job, false);
        } else if (ar.failed() && ar.cause() instanceof Refused r) {
          refused.incrementAndGet();
          LOG.warning("refused " + describe(event) + " to " + WebhookUrl.origin(url) + ": " + r.getMessage());
          attempt(lane, job, urlIndex + 1, 0); // the other URLs still get it
        } else {
          failed(lane, job, urlIndex, attempt, url, ar.succeeded() ? outcome(ar.result()) : outcome(ar.cause()));
        }
      } catch (RuntimeException e) {
        failed(lane, job, urlIndex, attempt, url, outcome(e));
      }
    }));
  }

  /** A failed attempt: retried after a backoff, or dropped once the event is too old. */
  private void failed(ArrayDeque<Job> lane, Job job, int urlIndex, int attempt, String url, String why) {
    if (now() - job.queuedAtMillis() > config.maxAgeSeconds() * 1000) {
      dropped.incrementAndGet();
      LOG.warning("dropped " + describe(job.event()) + " to " + WebhookUrl.origin(url) + " after " + (attempt + 1)
          + " attempts, the last: " + why);
      attempt(lane, job, urlIndex + 1, 0); // the other URLs still get it
      return;
    }
    retries.incrementAndGet();
    long delay = Math.min(config.backoffMaxMs(), config.backoffInitialMs() << Math.min(attempt, 20));
    vertx.setTimer(delay, t -> attempt(lane, job, urlIndex, attempt + 1));
  }

  /**
   * One attempt: check the URL, resolve its host, check the address, then POST to exactly that address (with the
   * URL's host in {@code Host} and in TLS SNI and certificate checks). Completes with the status, or fails; never
   * takes longer than {@code timeout_ms}.
   */
  private Future<Integer> send(TenantEvent event, String url) {
    String problem = WebhookUrl.problem(url); // events queued by older versions were never checked
    if (problem != null) {
      return Future.failedFuture(new Refused("the URL " + problem));
    }
    URI uri = WebhookUrl.parse(url);
    HttpClient client = client(event.tenantId());
    String token = client == null ? null : signer.sign(event.tenantId(), event.body());
    if (token == null) {
      return Future.failedFuture(new TenantGone());
    }
    Promise<Integer> result = Promise.promise();
    HttpClientRequest[] request = new HttpClientRequest[1];
    long deadline = vertx.setTimer(config.timeoutMs(), t -> {
      if (result.tryFail(new TimeoutException()) && request[0] != null) {
        request[0].reset(); // frees the connection; its pool slot serves the next attempt
      }
    });
    long startedAt = clock.nanoTime();
    resolve(WebhookUrl.host(uri)).compose(address -> {
      String refusal = policy.refusal(address);
      if (refusal != null) {
        return Future.failedFuture(new Refused("resolves to " + address.getHostAddress() + ", " + refusal
            + " (not in webhooks.allow_networks)"));
      }
      long left = Math.max(1, config.timeoutMs() - (clock.nanoTime() - startedAt) / 1_000_000);
      int port = WebhookUrl.port(uri);
      return client.request(new RequestOptions()
          .setMethod(HttpMethod.POST)
          .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
          .setHost(uri.getHost())
          .setPort(port)
          .setSsl(uri.getScheme().equalsIgnoreCase("https"))
          .setURI(WebhookUrl.requestUri(uri))
          .setFollowRedirects(false)
          .setConnectTimeout(left)
          .setIdleTimeout(left));
    }).compose(req -> {
      // a reset (below, or by the deadline) also fails send()'s future, which settles the attempt; without a handler
      // Vert.x would log each one as SEVERE "Stream reset"
      req.exceptionHandler(e -> { });
      if (result.future().isComplete()) {
        req.reset(); // the deadline passed while waiting for a connection
        return Future.failedFuture(new TimeoutException());
      }
      request[0] = req;
      req.putHeader("Content-Type", "application/json")
          .putHeader("Authorization", token)
          .putHeader("Hash-Token", token)
          .putHeader("User-Agent", "roomgate");
      return req.send(Buffer.buffer(event.body()));
    }).compose(response -> {
      response.handler(chunk -> { }); // the answer's body is not needed: read and discard it, whatever its size
      return response.end().map(v -> response.statusCode());
    }).onComplete(ar -> {
      vertx.cancelTimer(deadline);
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }

  /** An IP literal is taken as is; a name is resolved without blocking (hosts file, then DNS). */
  private Future<InetAddress> resolve(String host) {
    InetAddress literal = CidrBlock.literal(host);
    if (literal != null) {
      return Future.succeededFuture(literal);
    }
    // completes on the dispatcher's context, so the request below is made, and answers, there too
    Promise<InetAddress> resolved = ((ContextInternal) context).promise();
    ((VertxInternal) vertx).nameResolver().resolve(host).onComplete(resolved);
    return resolved.future();
  }

  private HttpClient client(String tenantId) {
    if (!signer.configured(tenantId)) {
      return null;
    }
    return clients.computeIfAbsent(tenantId, t -> vertx.createHttpClient(new HttpClientOptions()
            .setName(CLIENT_NAME)
            .setKeepAlive(true)
            .setForceSni(true)
            .setVerifyHost(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeoutMs())),
        new PoolOptions().setHttp1MaxSize(config.poolSize()).setHttp2MaxSize(1)));
  }

  private void closeClient(String tenantId) {
    HttpClient c = clients.remove(tenantId);
    if (c != null) {
      c.close();
    }
  }

  private void settle(ArrayDeque<Job> lane, Job job, boolean ok) {
    lane.poll();
    queued--;
    queuedPerTenant.computeIfPresent(job.event().tenantId(), (t, n) -> n <= 1 ? null : n - 1);
    notifySettled(job, ok);
    Job next = lane.peek();
    if (next == null) {
      lanes.remove(job.event().lane());
    } else {
      // a later turn, not a nested call: a lane of events refused at once would otherwise recurse once per event
      context.runOnContext(v -> attempt(lane, next, 0, 0));
    }
  }

  private static void notifySettled(Job job, boolean ok) {
    try {
      job.onSettled().accept(ok);
    } catch (RuntimeException e) {
      LOG.warning("settling " + describe(job.event()) + " failed: " + e);
    }
  }

  private void onContext(Runnable r) {
    if (Vertx.currentContext() == context) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  /** Names the event, tenant and room; never the URL, the body or the token. */
  private static String describe(TenantEvent e) {
    return "webhook " + e.event() + " of tenant " + e.tenantId() + " room " + e.roomId();
  }

  private static String outcome(int status) {
    return "HTTP " + status + (status / 100 == 3 ? " (redirects are not followed)" : "");
  }

  /** A failure in words that never repeat the request line (whose query may hold a secret). */
  private String outcome(Throwable e) {
    if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
      return "no answer within " + config.timeoutMs() + " ms";
    }
    if (e instanceof UnknownHostException) {
      return "host name not found";
    }
    if (e instanceof ConnectException) {
      return "connection failed";
    }
    if (e instanceof SSLException) {
      return "TLS failed";
    }
    return e.getClass().getSimpleName();
  }

  long delivered() {
    return delivered.get();
  }

  long retries() {
    return retries.get();
  }

  long dropped() {
    return dropped.get();
  }

  long refused() {
    return refused.get();
  }

  void close() {
    clients.values().forEach(HttpClient::close);
    clients.clear();
  }
}
