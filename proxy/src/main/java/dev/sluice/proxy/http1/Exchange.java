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
import dev.sluice.proxy.http1.DownstreamHandler.After;
import dev.sluice.proxy.routing.BackendChoice;
import dev.sluice.proxy.routing.CompiledRoute;
import dev.sluice.proxy.routing.ListenerRoutes;
import dev.sluice.proxy.routing.VirtualHostRoutes;
import dev.sluice.proxy.snapshot.ProxySnapshot;
import dev.sluice.proxy.upstream.UpstreamConnection;
import dev.sluice.proxy.upstream.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one request through the named phases: request headers → route → request filters → select
 * upstream → connect ({@link UpstreamCall}) → upstream request, then {@link ResponseRelay} carries
 * the response back. Event-loop confined: the downstream connection (or HTTP/2 stream), the
 * upstream connection and this object live on one event loop, so no field needs synchronisation.
 *
 * <p>Bodies stream: the next request chunk is read from the client only after the previous one was
 * written upstream. Every path ends in {@link #finish} exactly once.
 */
final class Exchange implements FilterContext, UpstreamListener, ExchangeTimers.Expiry {

  private static final Logger log = LoggerFactory.getLogger(Exchange.class);

  final Channel downstream;
  final HttpRequest request;
  final HttpMethod method;
  final HttpVersion clientVersion;
  final boolean expectContinue;
  final boolean grpc;
  final boolean upgrade;
  // Empty until a route has filters (most have none): no array per request.
  final List<HttpFilter> filters = new ArrayList<>();
  final ListenerContext listener;
  final ConnectionInfo info;
  final ResponseRelay response;
  final RequestBody body;
  final ProxySnapshot snapshot;
  private final DownstreamHandler owner;
  private final UpstreamCall call;
  final ExchangeTimers timers;
  private ExchangePhase phase = ExchangePhase.REQUEST_HEADERS;
  private RequestHead head;
  private CompiledRoute<FilterChain> route;
  private RetryDecision retries;
  private int ruleFilters;
  private Optional<PristineRequest> pristine = Optional.empty();
  UpstreamConnection upstream;
  private boolean finished;

  Exchange(
      DownstreamHandler owner,
      Channel downstream,
      ListenerContext listener,
      ConnectionInfo info,
      HttpRequest request) {
    this.owner = owner;
    this.downstream = downstream;
    this.listener = listener;
    this.info = info;
    this.request = request;
    this.snapshot = listener.snapshots().get();
    this.method = request.method();
    this.clientVersion = request.protocolVersion();
    this.expectContinue =
        request.headers().containsValue(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE, true);
    this.grpc = GrpcResponses.isGrpc(request);
    this.upgrade = ProtocolSwitch.isWebSocketUpgrade(request);
    this.response = new ResponseRelay(this);
    this.body = new RequestBody(this);
    this.call = new UpstreamCall(this);
    this.timers = new ExchangeTimers(downstream.eventLoop(), this);
    this.retries = new RetryDecision(Optional.empty(), method);
  }

  /** Runs the request-header phases up to the connect. */
  void start() {
    if (listener.memory().shedding()) {
      LoadShedding.shed(this);
      return;
    }
    if (request.decoderResult().isFailure()) {
      failClosing(DecodeFailures.of(request.decoderResult().cause()));
      return;
    }
    int maxHeaders = listener.limits().maxHeaderCount();
    if (request.headers().size() > maxHeaders) {
      failClosing(
          failure(
              Source.DOWNSTREAM,
              Kind.HEADERS_TOO_LARGE,
              request.headers().size()
                  + " request headers (expected: at most "
                  + maxHeaders
                  + ")"));
      return;
    }
    HeadParseResult parsed = RequestHead.parse(request);
    if (parsed instanceof HeadParseResult.Bad bad) {
      failClosing(downstreamFailure(bad.error()));
      return;
    }
    head = (RequestHead) parsed;
    if (grpc
        && !(downstream instanceof Http2StreamChannel)
        && GrpcResponses.isNativeGrpc(request)) {
      // gRPC is defined over HTTP/2 only (§4 I4): never turn an HTTP/1.x request into what an
      // HTTP/2 backend would take for a gRPC call; the client learns why with a plain status.
      respondLocally(
          415,
          List.of(),
          "gRPC requires HTTP/2 (content-type "
              + request.headers().get(HttpHeaderNames.CONTENT_TYPE)
              + " on an HTTP/1.x connection; expected: h2 or h2c)",
          false);
      return;
    }
    phase = ExchangePhase.ROUTE;
    Optional<ListenerRoutes<FilterChain>> routes = snapshot.listener(listener.name());
    if (misdirected(routes)) {
      fail(
          failure(
              Source.DOWNSTREAM,
              Kind.MISDIRECTED,
              "host "
                  + head.host()
                  + " is not served on this TLS connection (SNI "
                  + info.serverName().orElse("none")
                  + ")"));
      return;
    }
    Optional<CompiledRoute<FilterChain>> route =
        routes.isPresent() ? routes.get().route(head) : Optional.empty();
    if (route.isEmpty()) {
      fail(
          failure(
              Source.DOWNSTREAM,
              Kind.NO_ROUTE,
              "no route for host " + head.host() + " path " + head.path()));
      return;
    }
    phase = ExchangePhase.REQUEST_FILTERS;
    this.route = route.get();
    timers.start(this.route.source().timeouts());
    if (this.route.source().retry().isPresent()) {
      retries = new RetryDecision(this.route.source().retry(), method);
    }
    ProxyHeaders.prepareRequest(request, ProxyHeaders.clientIp(downstream), info.scheme(), upgrade);
    this.route.filters().instantiate(filters);
    if (runRequestHeaderFilters(0)) {
      ruleFilters = filters.size();
      if (this.route.source().retry().isPresent()) {
        // A retry may pick another backend, whose filters must see the request as the rule left it.
        pristine = Optional.of(PristineRequest.of(request));
      }
      selectUpstream();
    }
  }

  /**
   * On TLS, the request's host must select the same virtual host as the SNI did: otherwise a client
   * could reach one listener's routes through another listener's certificate and client-certificate
   * policy (connection reuse, or a forged Host).
   */
  private boolean misdirected(Optional<ListenerRoutes<FilterChain>> routes) {
    if (!info.secure()) {
      return false;
    }
    Optional<Optional<String>> byHost =
        routes.flatMap(l -> l.virtualHost(head.host())).map(VirtualHostRoutes::hostname);
    return !byHost.equals(Optional.of(info.virtualHost()));
  }

  private void selectUpstream() {
    phase = ExchangePhase.SELECT_UPSTREAM;
    Optional<BackendChoice<FilterChain>> choice = route.backends().choose();
    if (choice.isEmpty()) {
      String why =
          route.backends().all().isEmpty() ? "has no backends" : "has only backends of weight 0";
      fail(failure(Source.INTERNAL, Kind.NO_BACKEND, "route " + route.key() + " " + why));
      return;
    }
    retireBackendFilters();
    choice.get().filters().instantiate(filters);
    if (!runRequestHeaderFilters(ruleFilters)) {
      return;
    }
    switch (choice.get().backend()) {
      case Backend.Invalid invalid ->
          fail(
              failure(
                  Source.INTERNAL, Kind.INVALID_BACKEND, "invalid backend: " + invalid.reason()));
      case Backend.Service service -> {
        phase = ExchangePhase.CONNECT;
        call.start(service);
      }
    }
  }

  /** Before a retry: the previous backend's filters end, and the head is restored. */
  private void retireBackendFilters() {
    // Index loops and no lambda: this runs for every request, usually with nothing to retire.
    for (int i = ruleFilters; i < filters.size(); i++) {
      completeFilter(filters.get(i), false);
    }
    for (int i = filters.size() - 1; i >= ruleFilters; i--) {
      filters.remove(i);
    }
    if (pristine.isPresent()) {
      pristine.get().restore(request);
    }
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
      finish(false, After.CLOSE);
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
    RetryDecision.Sent sent = sent();
    releaseUpstream(false);
    String why = cause.map(c -> ": " + c.getMessage()).orElse("");
    if (response.started()) {
      abortStarted(
          failure(
              Source.UPSTREAM,
              Kind.RESET,
              "upstream " + endpoint() + " closed the connection mid-response" + why));
    } else if (retries.hasPolicy() || !call.retryStale(connection)) {
      // With a retry policy a broken reused connection counts as a connection error like any
      // other: silent extra tries would exceed the attempts the user configured.
      attemptFailed(
          failure(
              Source.UPSTREAM,
              Kind.RESET,
              "upstream " + endpoint() + " closed the connection before responding" + why),
          sent);
    }
  }

  /**
   * The response is under way and cannot be replaced: a gRPC call ends with trailers carrying the
   * failure's {@code grpc-status} (a client must never see a stream end without one, §4 I3), any
   * other response is cut off (the client sees the reset or the short body).
   */
  private void abortStarted(ProxyFailure failure) {
    if (grpc && !finished) {
      log.debug("{} {} → {} (mid-response)", method, request.uri(), failure);
      releaseUpstream(false);
      response.endWithGrpcStatus(failure);
    } else {
      abort();
    }
  }

  /** The backend request timeout of the current attempt expired. */
  @Override
  public void attemptTimedOut() {
    if (finished || upstream == null) {
      return;
    }
    if (response.started()) {
      abortStarted(
          failure(
              Source.UPSTREAM,
              Kind.BACKEND_TIMEOUT,
              "upstream " + endpoint() + " did not finish its response in time"));
      return;
    }
    RetryDecision.Sent sent = sent();
    // The attempt's connection may still deliver its late response: never pool it.
    releaseUpstream(false);
    String limit = timers.backendRequest().map(d -> " within " + d.toMillis() + " ms").orElse("");
    attemptFailed(
        failure(
            Source.UPSTREAM,
            Kind.BACKEND_TIMEOUT,
            "upstream " + endpoint() + " did not respond" + limit),
        sent);
  }

  /** The route's request timeout expired: 504 if nothing was sent yet, else reset the client. */
  @Override
  public void requestTimedOut() {
    if (finished || response.written()) {
      return;
    }
    String limit = route.source().timeouts().request().map(d -> d.toMillis() + " ms").orElse("");
    if (response.started()) {
      abortStarted(
          failure(Source.UPSTREAM, Kind.REQUEST_TIMEOUT, "request timeout after " + limit));
      return;
    }
    fail(failure(Source.UPSTREAM, Kind.REQUEST_TIMEOUT, "request timeout after " + limit));
  }

  /**
   * The client sent no body bytes within {@code requestBodyTimeout} of being asked (slow POST): the
   * upstream attempt is abandoned and its connection closed, never pooled, since the backend holds
   * a partial request; the client gets 408 and the connection closes. Once a response is under way
   * (or was sent and the rest of the body is being discarded) nothing can be reported: close.
   */
  void onRequestBodyStalled() {
    if (finished) {
      return;
    }
    if (response.started()) {
      abort();
      return;
    }
    releaseUpstream(false);
    String why =
        "request body stalled: no bytes within "
            + listener.limits().requestBodyTimeout().toMillis()
            + " ms";
    failClosing(failure(Source.DOWNSTREAM, Kind.HEADERS_TIMEOUT, why));
  }

  /**
   * One try failed without a response: retry per the route's policy when safe, else answer with the
   * failure (503 when the policy's retries all ended in connection resets).
   */
  void attemptFailed(ProxyFailure failure, RetryDecision.Sent sent) {
    Optional<java.time.Duration> backoff =
        retries.afterConnectionError(failure.kind(), sent, body.replayable());
    if (backoff.isPresent()) {
      retryAfter(backoff.get());
    } else if (retries.used() > 0 && failure.kind() == Kind.RESET) {
      fail(
          failure(
              Source.UPSTREAM,
              Kind.RETRIES_EXHAUSTED,
              failure.detail() + " (" + (retries.used() + 1) + " tries)"));
    } else {
      fail(failure);
    }
  }

  /**
   * A response head arrived: when its status is one the policy retries, drop the response (its body
   * is drained off the connection) and try again; false to relay it.
   */
  boolean retryOnStatus(HttpResponse head) {
    Optional<java.time.Duration> backoff =
        retries.afterStatus(head.status().code(), body.replayable());
    if (backoff.isEmpty()) {
      return false;
    }
    boolean reusable = response.requestWritten() && HttpUtil.isKeepAlive(head);
    ResponseDrain.start(call.pool(), detachUpstream(), reusable);
    retryAfter(backoff.get());
    return true;
  }

  private void retryAfter(java.time.Duration backoff) {
    body.resetForRetry();
    response.resetForRetry();
    phase = ExchangePhase.SELECT_UPSTREAM;
    if (backoff.isZero()) {
      selectUpstream();
    } else {
      timers.backoff(
          backoff,
          () -> {
            if (!finished && !response.started()) {
              selectUpstream();
            }
          });
    }
  }

  private RetryDecision.Sent sent() {
    if (!call.headWritten()) {
      return RetryDecision.Sent.NOTHING;
    }
    return response.requestWritten() ? RetryDecision.Sent.ALL : RetryDecision.Sent.HEAD;
  }

  /** Arms the backend request timeout: the current attempt starts writing its request. */
  void attemptStarted() {
    timers.startAttempt();
  }

  /** Answers the client with a local text response (an error, a redirect). */
  void respondLocally(int status, List<HttpHeader> headers, String text, boolean close) {
    if (response.started()) {
      abort();
      return;
    }
    releaseUpstream(false);
    timers.cancelBackoff();
    body.discardRest();
    response.local(
        LocalResponses.text(status, headers, text, closeAfter(close)), closeAfter(close));
  }

  /** Answers with the failure's status, or gRPC-style (status 200, grpc-status) for gRPC. */
  void fail(ProxyFailure failure) {
    log.debug("{} {} → {}", method, request.uri(), failure);
    if (grpc && !response.started()) {
      releaseUpstream(false);
      timers.cancelBackoff();
      body.discardRest();
      response.local(GrpcResponses.failure(failure, closeAfter(false)), closeAfter(false));
      return;
    }
    respondLocally(failure.status(), List.of(), failure.detail(), false);
  }

  /** Whether the connection is draining, so the response must end it. */
  boolean draining() {
    return owner.draining();
  }

  private boolean closeAfter(boolean close) {
    // A client waiting for 100-continue will not send its body; keep-alive would desync.
    return close
        || owner.draining()
        || (expectContinue && !body.received() && !response.continueSent());
  }

  private void failClosing(ProxyFailure failure) {
    log.debug("{} → {}", listener.name(), failure);
    respondLocally(failure.status(), List.of(), failure.detail(), true);
  }

  /** Closes both sides after a failure that can no longer be reported with a status. */
  void abort() {
    releaseUpstream(false);
    finish(false, After.CLOSE);
  }

  /** Gives the upstream back to the pool (reusable) or closes it. */
  void releaseUpstream(boolean reusable) {
    if (upstream != null) {
      call.pool().release(detachUpstream(), reusable);
    }
  }

  /** Ends the current attempt and hands its connection to the caller. */
  private UpstreamConnection detachUpstream() {
    UpstreamConnection connection = upstream;
    upstream = null;
    timers.endAttempt();
    connection.detach();
    return connection;
  }

  /** The upstream switched protocols (WebSocket): hand both connections to a byte tunnel. */
  void switchProtocols(HttpResponse switching) {
    phase = ExchangePhase.RESPONSE_HEADERS;
    ProtocolSwitch.complete(this, detachUpstream(), switching);
  }

  /** Called once the 101 reached the client and the tunnel owns both connections. */
  void tunnelled() {
    finish(true, After.TAKEN_OVER);
  }

  /** Called when the response was written: finish if the request was fully read. */
  void responseWritten(boolean closeAfter) {
    if (finished) {
      return;
    }
    if (closeAfter) {
      finish(true, After.CLOSE);
    } else if (body.received()) {
      finish(true, After.KEEP_ALIVE);
    } else if (expectContinue && !response.continueSent() && !body.started()) {
      finish(true, After.CLOSE);
    } else {
      body.discardRest();
    }
  }

  /**
   * Ends the exchange exactly once: filters learn the outcome, the connection goes on or closes.
   */
  void finish(boolean completed, After after) {
    if (finished) {
      return;
    }
    finished = true;
    phase = ExchangePhase.COMPLETE;
    timers.cancelAll();
    body.releaseHeld();
    releaseUpstream(false);
    for (HttpFilter filter : filters) {
      completeFilter(filter, completed);
    }
    owner.exchangeFinished(this, downstream, after);
  }

  private void completeFilter(HttpFilter filter, boolean completed) {
    try {
      filter.onComplete(this, completed);
    } catch (RuntimeException e) {
      log.warn("filter {} failed in onComplete", filter.getClass().getName(), e);
    }
  }

  boolean finished() {
    return finished;
  }

  ExchangePhase phase() {
    return phase;
  }

  void phase(ExchangePhase next) {
    phase = next;
  }

  Endpoint endpoint() {
    return call.endpoint();
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
    return info.scheme();
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
    return MirrorCall.open(
        listener.pools().pool(downstream.eventLoop()), backend, mirrorHead, snapshot.upstreamTls());
  }
}
