package dev.sluice.proxy.http1;

import dev.sluice.ir.Backend;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.proxy.failure.ProxyFailure;
import dev.sluice.proxy.failure.ProxyFailure.Kind;
import dev.sluice.proxy.failure.ProxyFailure.Source;
import dev.sluice.proxy.upstream.UpstreamConnection;
import dev.sluice.proxy.upstream.UpstreamFailures;
import dev.sluice.proxy.upstream.UpstreamPool;
import dev.sluice.proxy.upstream.UpstreamTarget;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The connect and upstream-request phases of one {@link Exchange}: picks an endpoint, chooses how
 * to speak to it (HTTP/1.1 or HTTP/2, cleartext or TLS, from the backend's protocol and TLS
 * settings), acquires a pooled connection or stream, sends the head and starts the body. A
 * WebSocket upgrade always gets a dedicated HTTP/1.1 connection. Retries an idle pooled connection
 * that turned out closed. Event-loop confined; part of one exchange.
 */
final class UpstreamCall {

  private static final int MAX_ATTEMPTS = 3;

  private final Exchange exchange;
  private UpstreamPool pool;
  private UpstreamTarget target;
  private int attempts;

  UpstreamCall(Exchange exchange) {
    this.exchange = exchange;
  }

  UpstreamPool pool() {
    return pool;
  }

  Endpoint endpoint() {
    return target == null ? null : target.endpoint();
  }

  void start(Backend.Service service) {
    if (service.endpoints().isEmpty()) {
      exchange.fail(
          new ProxyFailure(
              Source.UPSTREAM, Kind.NO_ENDPOINTS, "no endpoints for service " + service.name()));
      return;
    }
    Endpoint endpoint =
        service.endpoints().get(ThreadLocalRandom.current().nextInt(service.endpoints().size()));
    boolean h2 = service.protocol() == UpstreamProtocol.H2C && !exchange.upgrade;
    Optional<SslContext> ssl =
        service.tls().flatMap(tls -> exchange.snapshot.upstreamTls().context(tls, h2));
    if (service.tls().isPresent() && ssl.isEmpty()) {
      exchange.fail(
          new ProxyFailure(
              Source.INTERNAL,
              Kind.INTERNAL,
              "no TLS context for backend " + service.name() + " in the current snapshot"));
      return;
    }
    target = new UpstreamTarget(endpoint, h2, service.tls(), ssl);
    if (!exchange.request.headers().contains(HttpHeaderNames.HOST)) {
      exchange.request.headers().set(HttpHeaderNames.HOST, endpoint.toString());
    }
    pool = exchange.listener.pools().pool(exchange.downstream.eventLoop());
    acquire();
  }

  private void acquire() {
    attempts++;
    Future<UpstreamConnection> connection =
        exchange.upgrade ? pool.connectDedicated(target) : pool.acquire(target);
    connection.addListener(this::onConnected);
  }

  /**
   * Tries again after {@code broken} failed before any response byte: only for a reused idle
   * connection, a request whose body never went upstream, and within the attempt limit.
   */
  boolean retry(UpstreamConnection broken) {
    if (broken.reused()
        && !exchange.response.started()
        && exchange.body.replayable()
        && attempts < MAX_ATTEMPTS) {
      exchange.body.resetForRetry();
      acquire();
      return true;
    }
    return false;
  }

  private void onConnected(Future<? super UpstreamConnection> f) {
    if (!f.isSuccess()) {
      if (!exchange.finished()) {
        exchange.fail(UpstreamFailures.connect(target.endpoint(), f.cause()));
      }
      return;
    }
    UpstreamConnection connection = (UpstreamConnection) f.getNow();
    if (exchange.finished()) {
      pool.release(connection, !exchange.upgrade);
      return;
    }
    exchange.upstream = connection;
    connection.attach(exchange);
    exchange.phase(ExchangePhase.UPSTREAM_REQUEST);
    connection
        .write(exchange.request)
        .addListener(
            w -> {
              if (!w.isSuccess()) {
                exchange.onUpstreamBroken(connection, Optional.of(w.cause()));
                return;
              }
              connection.read();
              exchange.body.headSent(connection);
            });
  }
}
