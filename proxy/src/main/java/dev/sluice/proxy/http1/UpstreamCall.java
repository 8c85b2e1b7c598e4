package dev.sluice.proxy.http1;

import dev.sluice.ir.Backend;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.HttpHeader;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.proxy.failure.ProxyFailure;
import dev.sluice.proxy.failure.ProxyFailure.Kind;
import dev.sluice.proxy.failure.ProxyFailure.Source;
import dev.sluice.proxy.snapshot.UpstreamTlsContexts;
import dev.sluice.proxy.upstream.EndpointHealth;
import dev.sluice.proxy.upstream.UpstreamConnection;
import dev.sluice.proxy.upstream.UpstreamFailures;
import dev.sluice.proxy.upstream.UpstreamOverloadedException;
import dev.sluice.proxy.upstream.UpstreamPool;
import dev.sluice.proxy.upstream.UpstreamTarget;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.util.List;
import java.util.Optional;

/**
 * The connect and upstream-request phases of one try of an {@link Exchange}: picks an endpoint,
 * chooses how to speak to it (HTTP/1.1 or HTTP/2, cleartext or TLS, from the backend's protocol and
 * TLS settings), acquires a pooled connection or stream, sends the head and starts the body. A
 * WebSocket upgrade always gets a dedicated HTTP/1.1 connection. The endpoint is drawn from those
 * of the backend's {@code Cluster} that are not ejected; each try is counted against the backend's
 * circuit breaker (a retry also against its retry budget), and a try the breaker refuses is
 * answered 503 with {@code x-sluice-overloaded: true}. Retries an idle pooled connection that
 * turned out closed; route-level retries start a new try through {@link #start}. Event-loop
 * confined; part of one exchange.
 */
final class UpstreamCall implements GenericFutureListener<Future<UpstreamConnection>> {

  private static final List<HttpHeader> OVERLOADED =
      List.of(new HttpHeader(UpstreamOverloadedException.HEADER, "true"));

  /** Reconnects after stale pooled connections, on top of the route's retry policy. */
  private static final int MAX_STALE_RETRIES = 2;

  private final Exchange exchange;
  private UpstreamPool pool;
  private UpstreamTarget target;
  private EndpointHealth health;

  /** Tries started by {@link #start}: every one after the first is a retry (budgeted). */
  private int tries;

  private int staleRetries;
  private boolean headWritten;

  UpstreamCall(Exchange exchange) {
    this.exchange = exchange;
  }

  UpstreamPool pool() {
    return pool;
  }

  Endpoint endpoint() {
    return target == null ? null : target.endpoint();
  }

  /** Whether the current try's request head reached the upstream connection. */
  boolean headWritten() {
    return headWritten;
  }

  /**
   * How to reach {@code endpoint} of {@code service}; empty when its TLS context is missing from
   * the snapshot. {@code http1Only} forces HTTP/1.1 (upgrades).
   */
  static Optional<UpstreamTarget> target(
      Backend.Service service, Endpoint endpoint, boolean http1Only, UpstreamTlsContexts tls) {
    boolean h2 = service.protocol() == UpstreamProtocol.H2C && !http1Only;
    if (service.tls().isEmpty()) { // cleartext, the common case: no lookup, no lambda
      return Optional.of(new UpstreamTarget(endpoint, h2, Optional.empty(), Optional.empty()));
    }
    Optional<SslContext> ssl = service.tls().flatMap(t -> tls.context(t, h2));
    if (service.tls().isPresent() && ssl.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new UpstreamTarget(endpoint, h2, service.tls(), ssl));
  }

  /** Starts a try towards {@code service}. */
  void start(Backend.Service service) {
    pool = exchange.listener.pools().pool(exchange.downstream.eventLoop());
    tries++;
    if (service.endpoints().isEmpty()) {
      exchange.attemptFailed(
          new ProxyFailure(
              Source.UPSTREAM, Kind.NO_ENDPOINTS, "no endpoints for service " + service.name()),
          RetryDecision.Sent.NOTHING);
      return;
    }
    health = exchange.listener.pools().cluster(service.name()).pick(service.endpoints());
    Endpoint endpoint = health.endpoint();
    Optional<UpstreamTarget> chosen =
        target(service, endpoint, exchange.upgrade, exchange.snapshot.upstreamTls());
    if (chosen.isEmpty()) {
      exchange.fail(
          new ProxyFailure(
              Source.INTERNAL,
              Kind.INTERNAL,
              "no TLS context for backend " + service.name() + " in the current snapshot"));
      return;
    }
    target = chosen.get();
    if (!exchange.request.headers().contains(HttpHeaderNames.HOST)) {
      exchange.request.headers().set(HttpHeaderNames.HOST, endpoint.toString());
    }
    acquire();
  }

  private void acquire() {
    headWritten = false;
    boolean retry = tries > 1;
    Future<UpstreamConnection> connection =
        exchange.upgrade
            ? pool.connectDedicated(target, health, retry)
            : pool.acquire(target, health, retry);
    connection.addListener(this);
  }

  /**
   * A circuit-breaker cap of the backend was reached: 503 at once, marked as overload, never
   * retried (retrying is what overloaded it). gRPC clients get UNAVAILABLE.
   */
  private void overloaded(UpstreamOverloadedException cause) {
    if (exchange.grpc) {
      exchange.fail(new ProxyFailure(Source.UPSTREAM, Kind.OVERLOADED, cause.getMessage()));
    } else {
      exchange.respondLocally(503, OVERLOADED, cause.getMessage(), false);
    }
  }

  /**
   * Tries again at once after {@code broken}, a reused idle connection, failed before any response
   * byte while no byte of the body went upstream: the backend provably did not process it.
   */
  boolean retryStale(UpstreamConnection broken) {
    if (broken.reused()
        && !exchange.response.started()
        && exchange.body.replayable()
        && staleRetries < MAX_STALE_RETRIES) {
      staleRetries++;
      exchange.body.resetForRetry();
      exchange.response.resetForRetry();
      acquire();
      return true;
    }
    return false;
  }

  /** The acquire completed (this object is its listener, so that no callback is made per try). */
  @Override
  public void operationComplete(Future<UpstreamConnection> f) {
    if (!f.isSuccess()) {
      if (exchange.finished() || exchange.response.started()) {
        return;
      }
      if (f.cause() instanceof UpstreamOverloadedException overloaded) {
        overloaded(overloaded);
      } else {
        exchange.attemptFailed(
            UpstreamFailures.connect(target.endpoint(), f.cause()), RetryDecision.Sent.NOTHING);
      }
      return;
    }
    UpstreamConnection connection = (UpstreamConnection) f.getNow();
    if (exchange.finished() || exchange.response.started()) {
      // Answered meanwhile (request timeout, client gone): the fresh connection is unused.
      pool.release(connection, !exchange.upgrade);
      return;
    }
    exchange.upstream = connection;
    connection.attach(exchange);
    exchange.phase(ExchangePhase.UPSTREAM_REQUEST);
    exchange.attemptStarted();
    connection
        .write(exchange.request)
        .addListener(
            w -> {
              if (!w.isSuccess()) {
                exchange.onUpstreamBroken(connection, Optional.of(w.cause()));
              } else if (exchange.upstream == connection) {
                headWritten = true;
                connection.read();
                exchange.body.headSent(connection);
              }
            });
  }
}
