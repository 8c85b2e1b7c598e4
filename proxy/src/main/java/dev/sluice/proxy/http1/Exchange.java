package dev.sluice.proxy.http1;

import dev.sluice.ir.Backend;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.HttpHeader;
import dev.sluice.proxy.failure.ProxyFailure;
import dev.sluice.proxy.failure.ProxyFailure.Kind;
import dev.sluice.proxy.failure.ProxyFailure.Source;
import dev.sluice.proxy.filter.FilterAction;
import dev.sluice.proxy.filter.FilterChain;
import dev.sluice.proxy.filter.FilterContext;
import dev.sluice.proxy.filter.HttpFilter;
import dev.sluice.proxy.filter.MirrorTap;
import dev.sluice.proxy.routing.BackendChoice;
import dev.sluice.proxy.routing.CompiledRoute;
import dev.sluice.proxy.upstream.UpstreamConnection;
import dev.sluice.proxy.upstream.UpstreamFailures;
import dev.sluice.proxy.upstream.UpstreamListener;
import dev.sluice.proxy.upstream.UpstreamPool;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one request through the named phases: request headers → route → request filters → select
 * upstream → connect → upstream request, then {@link ResponseRelay} carries the response back.
 * Event-loop confined: the downstream connection, the upstream connection and this object live on
 * one event loop, so no field needs synchronisation.
 *
 * <p>Bodies stream: the next request chunk is read from the client only after the previous one was
 * written upstream. Every path ends in {@link #finish} exactly once.
 */
final class Exchange implements FilterContext, UpstreamListener {

  private static final Logger log = LoggerFactory.getLogger(Exchange.class);
  private static final int MAX_ATTEMPTS = 3;

  final Channel downstream;
  final HttpRequest request;
  final HttpMethod method;
  final HttpVersion clientVersion;
  final boolean expectContinue;
  final List<HttpFilter> filters = new ArrayList<>(4);
  private final DownstreamHandler owner;
  private final ListenerContext listener;
  final ResponseRelay response;
  private final RequestBody body;
  private ExchangePhase phase = ExchangePhase.REQUEST_HEADERS;
  private RequestHead head;
  private UpstreamPool pool;
  private Endpoint endpoint;
  UpstreamConnection upstream;
  private int attempts;
  private boolean finished;

  Exchange(
      DownstreamHandler owner, Channel downstream, ListenerContext listener, HttpRequest request) {
    this.owner = owner;
    this.downstream = downstream;
    this.listener = listener;
    this.request = request;
    this.method = request.method();
    this.clientVersion = request.protocolVersion();
    this.expectContinue =
        request.headers().containsValue(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE, true);
    this.response = new ResponseRelay(this);
    this.body = new RequestBody(this);
  }

  /** Runs the request-header phases up to the connect. */
  void start() {
    if (request.decoderResult().isFailure()) {
      failClosing(
          downstreamFailure("malformed request: " + request.decoderResult().cause().getMessage()));
      return;
    }
    RequestHead.ParseResult parsed = RequestHead.parse(request);
    if (parsed.head().isEmpty()) {
      failClosing(downstreamFailure(parsed.error()));
      return;
    }
    head = parsed.head().get();
    phase = ExchangePhase.ROUTE;
    Optional<CompiledRoute<FilterChain>> route =
        listener.snapshots().get().listener(listener.name()).flatMap(l -> l.route(head));
    if (route.isEmpty()) {
      fail(
          failure(
              Source.DOWNSTREAM,
              Kind.NO_ROUTE,
              "no route for host " + head.host() + " path " + head.path()));
      return;
    }
    phase = ExchangePhase.REQUEST_FILTERS;
    ProxyHeaders.prepareRequest(request, clientIp());
    route.get().filters().instantiate(filters);
    if (runRequestHeaderFilters(0)) {
      selectUpstream(route.get());
    }
  }

  private void selectUpstream(CompiledRoute<FilterChain> route) {
    phase = ExchangePhase.SELECT_UPSTREAM;
    Optional<BackendChoice<FilterChain>> choice = route.backends().choose();
    if (choice.isEmpty()) {
      String why =
          route.backends().all().isEmpty() ? "has no backends" : "has only backends of weight 0";
      fail(failure(Source.INTERNAL, Kind.NO_BACKEND, "route " + route.key() + " " + why));
      return;
    }
    int from = filters.size();
    choice.get().filters().instantiate(filters);
    if (!runRequestHeaderFilters(from)) {
      return;
    }
    switch (choice.get().backend()) {
      case Backend.Invalid invalid ->
          fail(
              failure(
                  Source.INTERNAL, Kind.INVALID_BACKEND, "invalid backend: " + invalid.reason()));
      case Backend.Service service -> connect(service);
    }
  }

  private void connect(Backend.Service service) {
    if (service.endpoints().isEmpty()) {
      fail(
          failure(
              Source.UPSTREAM, Kind.NO_ENDPOINTS, "no endpoints for service " + service.name()));
      return;
    }
    endpoint =
        service.endpoints().get(ThreadLocalRandom.current().nextInt(service.endpoints().size()));
    if (!request.headers().contains(HttpHeaderNames.HOST)) {
      request.headers().set(HttpHeaderNames.HOST, endpoint.toString());
    }
    pool = listener.pools().pool(downstream.eventLoop());
    acquire();
  }

  private void acquire() {
    phase = ExchangePhase.CONNECT;
    attempts++;
    pool.acquire(endpoint).addListener(this::onConnected);
  }

  private void onConnected(Future<? super UpstreamConnection> f) {
    if (!f.isSuccess()) {
      if (!finished) {
        fail(UpstreamFailures.connect(endpoint, f.cause()));
      }
      return;
    }
    UpstreamConnection connection = (UpstreamConnection) f.getNow();
    if (finished) {
      pool.release(connection, true);
      return;
    }
    upstream = connection;
    connection.attach(this);
    phase = ExchangePhase.UPSTREAM_REQUEST;
    connection
        .write(request)
        .addListener(
            w -> {
              if (!w.isSuccess()) {
                onUpstreamBroken(connection, Optional.of(w.cause()));
                return;
              }
              connection.read();
              body.headSent(connection);
            });
  }

  private boolean runRequestHeaderFilters(int from) {
    for (int i = from; i < filters.size(); i++) {
      if (!apply(filters.get(i).onRequestHeaders(this, request))) {
        return false;
      }
    }
    return true;
  }

  /** Applies a filter's decision; false when the filter answered the request itself. */
  boolean apply(FilterAction action) {
    if (action instanceof FilterAction.Respond respond) {
      respondLocally(respond.status(), respond.headers(), respond.body(), false);
      return false;
    }
    return true;
  }

  void onDownstreamContent(HttpContent content) {
    body.onContent(content);
  }

  void onDownstreamWritable() {
    response.onDownstreamWritable();
  }

  void onDownstreamClosed() {
    if (!finished) {
      releaseUpstream(false);
      finish(false, false);
    }
  }

  @Override
  public void onUpstreamMessage(HttpObject msg) {
    if (finished || upstream == null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    response.onUpstreamMessage(msg);
  }

  @Override
  public void onUpstreamWritable() {}

  @Override
  public void onUpstreamClosed(Optional<Throwable> cause) {
    if (!finished && upstream != null) {
      onUpstreamBroken(upstream, cause);
    }
  }

  /** The upstream failed before the exchange ended: retry when safe, else 502 or abort. */
  void onUpstreamBroken(UpstreamConnection connection, Optional<Throwable> cause) {
    if (finished || connection != upstream) {
      return;
    }
    releaseUpstream(false);
    if (connection.reused()
        && !response.started()
        && body.replayable()
        && attempts < MAX_ATTEMPTS) {
      // A pooled connection that the upstream closed while idle: the request never reached it.
      body.resetForRetry();
      acquire();
    } else if (!response.started()) {
      String why = cause.map(c -> ": " + c.getMessage()).orElse("");
      fail(
          failure(
              Source.UPSTREAM,
              Kind.RESET,
              "upstream " + endpoint + " closed the connection before responding" + why));
    } else {
      abort();
    }
  }

  /** Answers the client with a local text response (an error, a redirect). */
  void respondLocally(int status, List<HttpHeader> headers, String text, boolean close) {
    if (response.started()) {
      abort();
      return;
    }
    releaseUpstream(false);
    body.discardRest();
    // A client waiting for 100-continue will not send its body; keep-alive would desync.
    boolean closeAfter = close || (expectContinue && !body.received() && !response.continueSent());
    response.local(LocalResponses.text(status, headers, text, closeAfter), closeAfter);
  }

  void fail(ProxyFailure failure) {
    log.debug("{} {} → {}", method, request.uri(), failure);
    respondLocally(failure.status(), List.of(), failure.detail(), false);
  }

  private void failClosing(ProxyFailure failure) {
    log.debug("{} → {}", listener.name(), failure);
    respondLocally(failure.status(), List.of(), failure.detail(), true);
  }

  /** Closes both sides after a failure that can no longer be reported with a status. */
  void abort() {
    releaseUpstream(false);
    finish(false, false);
  }

  /** Gives the upstream back to the pool (reusable) or closes it. */
  void releaseUpstream(boolean reusable) {
    if (upstream != null) {
      UpstreamConnection connection = upstream;
      upstream = null;
      pool.release(connection, reusable);
    }
  }

  /** Called when the response was written: finish if the request was fully read. */
  void responseWritten(boolean closeAfter) {
    if (finished) {
      return;
    }
    if (closeAfter) {
      finish(true, false);
    } else if (body.received()) {
      finish(true, true);
    } else if (expectContinue && !response.continueSent() && !body.started()) {
      finish(true, false);
    } else {
      body.discardRest();
    }
  }

  /**
   * Ends the exchange exactly once: filters learn the outcome, the connection goes on or closes.
   */
  void finish(boolean completed, boolean keepAlive) {
    if (finished) {
      return;
    }
    finished = true;
    phase = ExchangePhase.COMPLETE;
    releaseUpstream(false);
    for (HttpFilter filter : filters) {
      try {
        filter.onComplete(this, completed);
      } catch (RuntimeException e) {
        log.warn("filter {} failed in onComplete", filter.getClass().getName(), e);
      }
    }
    owner.exchangeFinished(this, downstream, keepAlive);
  }

  boolean finished() {
    return finished;
  }

  ExchangePhase phase() {
    return phase;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  void phase(ExchangePhase next) {
    phase = next;
  }

  private String clientIp() {
    return downstream.remoteAddress() instanceof InetSocketAddress a
        ? a.getAddress().getHostAddress()
        : "unknown";
  }

  private static ProxyFailure failure(Source source, Kind kind, String detail) {
    return new ProxyFailure(source, kind, detail);
  }

  private static ProxyFailure downstreamFailure(String detail) {
    return new ProxyFailure(Source.DOWNSTREAM, Kind.BAD_REQUEST, detail);
  }

  // FilterContext

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public String host() {
    return head == null ? "" : head.host();
  }

  @Override
  public int listenerPort() {
    return listener.port();
  }

  @Override
  public Optional<MirrorTap> openMirror(Backend backend, HttpRequest mirrorHead) {
    if (!(backend instanceof Backend.Service service) || service.endpoints().isEmpty()) {
      return Optional.empty();
    }
    Endpoint target =
        service.endpoints().get(ThreadLocalRandom.current().nextInt(service.endpoints().size()));
    // The copy's body is sent without waiting, so it must not ask the mirror for 100-continue.
    mirrorHead.headers().remove(HttpHeaderNames.EXPECT);
    MirrorCall call =
        new MirrorCall(listener.pools().pool(downstream.eventLoop()), target, mirrorHead);
    call.start();
    return Optional.of(call);
  }
}
