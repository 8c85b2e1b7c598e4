package dev.sluice.proxy.upstream;

import dev.sluice.ir.Endpoint;
import dev.sluice.proxy.transport.DemandReadHandler;
import dev.sluice.proxy.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream connections of one event loop. HTTP/1.1 keep-alive connections are pooled by {@link
 * UpstreamTarget.Key}, reused most-recent-first, dropped when they close and capped per key; HTTP/2
 * targets get streams on shared connections ({@link Http2Connections}). Event-loop confined: every
 * method runs on {@code loop}, and connections are created on it, so the pool needs no locks.
 */
public final class UpstreamPool {

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final int maxIdlePerEndpoint;
  private final Http2Connections h2;
  private final Map<UpstreamTarget.Key, ArrayDeque<Channel>> idle = new HashMap<>();
  private final IdleCloser idleCloser;
  private long connects;

  UpstreamPool(
      EventLoop loop,
      Transport transport,
      Duration connectTimeout,
      int maxIdle,
      Duration idleTimeout) {
    this.loop = loop;
    this.maxIdlePerEndpoint = maxIdle;
    this.idleCloser = new IdleCloser(idleTimeout);
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())));
    this.h2 = new Http2Connections(loop, bootstrap, idleCloser);
  }

  /** The event loop this pool belongs to. */
  public EventLoop eventLoop() {
    return loop;
  }

  /** How many idle HTTP/1.1 connections this pool holds (all targets). */
  public int idleConnections() {
    return idle.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  /** How many connections (HTTP/1.1 and HTTP/2) this pool has opened so far. */
  public long connectsSoFar() {
    return connects + h2.connectsSoFar();
  }

  /** An idle cleartext HTTP/1.1 connection to {@code endpoint}, or a new one; unmanaged. */
  public Future<UpstreamConnection> acquire(Endpoint endpoint) {
    return acquire(UpstreamTarget.http1(endpoint));
  }

  /**
   * A connection (HTTP/1.1) or a new stream (HTTP/2) for {@code target} outside any backend's
   * circuit breaker and health (request mirrors). See {@link #acquire(UpstreamTarget,
   * EndpointHealth, boolean)}.
   */
  public Future<UpstreamConnection> acquire(UpstreamTarget target) {
    return lease(target, null, false, false);
  }

  /**
   * A connection (HTTP/1.1) or a new stream (HTTP/2) for {@code target}, an endpoint of {@code
   * health}'s cluster; a new connection when no idle one exists. Must be called on the pool's loop.
   * With TLS the future completes after the handshake and fails with its error. The request (and,
   * for a {@code retry}, a retry) is counted against the cluster's {@link CircuitBreaker} for the
   * life of the lease; when a cap is reached the future fails at once with {@link
   * UpstreamOverloadedException}. A failed connect counts against the endpoint's health.
   */
  public Future<UpstreamConnection> acquire(
      UpstreamTarget target, EndpointHealth health, boolean retry) {
    return lease(target, Objects.requireNonNull(health, "health"), retry, false);
  }

  /**
   * A new HTTP/1.1 connection that never goes back to the pool: for requests that take the
   * connection over (WebSocket upgrades). Counted like {@link #acquire(UpstreamTarget,
   * EndpointHealth, boolean)}; the request slot is given back once the tunnel took the connection.
   */
  public Future<UpstreamConnection> connectDedicated(
      UpstreamTarget target, EndpointHealth health, boolean retry) {
    return lease(target.asHttp1(), Objects.requireNonNull(health, "health"), retry, true);
  }

  /** Unmanaged variant of {@link #connectDedicated(UpstreamTarget, EndpointHealth, boolean)}. */
  public Future<UpstreamConnection> connectDedicated(UpstreamTarget target) {
    return lease(target.asHttp1(), null, false, true);
  }

  private Future<UpstreamConnection> lease(
      UpstreamTarget target, EndpointHealth health, boolean retry, boolean dedicated) {
    if (health != null) {
      UpstreamOverloadedException.Limit refused = health.cluster().breaker().admit(retry);
      if (refused != null) {
        return overloaded(health, refused);
      }
    }
    Future<UpstreamConnection> result;
    if (dedicated) {
      result = connect(target, health, retry);
    } else if (target.h2()) {
      result = h2.openStream(target, health, retry);
    } else {
      result = idleOrNew(target, health, retry);
    }
    if (health != null) {
      if (result.isDone()) {
        leaseStarted(result, health, retry);
      } else {
        result.addListener(f -> leaseStarted(f, health, retry));
      }
    }
    return result;
  }

  /**
   * A failed acquire gives its request slot back at once; a successful one hands it to the lease.
   */
  private static void leaseStarted(Future<?> acquired, EndpointHealth health, boolean retry) {
    if (acquired.isSuccess()) {
      return;
    }
    health.cluster().breaker().finish(retry);
    if (!(acquired.cause() instanceof UpstreamOverloadedException)) {
      health.recordFailure();
    }
  }

  private <T> Future<T> overloaded(EndpointHealth health, UpstreamOverloadedException.Limit limit) {
    return loop.newFailedFuture(new UpstreamOverloadedException(health.cluster().name(), limit));
  }

  private Future<UpstreamConnection> idleOrNew(
      UpstreamTarget target, EndpointHealth health, boolean retry) {
    ArrayDeque<Channel> channels = idle.get(target.key());
    while (channels != null && !channels.isEmpty()) {
      Channel channel = channels.pollLast();
      idleCloser.busy(channel);
      if (channel.isActive()) {
        return loop.newSucceededFuture(
            new UpstreamConnection(channel, target.endpoint(), true, health, retry));
      }
    }
    return connect(target, health, retry);
  }

  /**
   * A new HTTP/1.1 connection; for a managed backend the request waits as pending (capped) and the
   * connection takes a connection slot (capped) until it closes.
   */
  private Future<UpstreamConnection> connect(
      UpstreamTarget target, EndpointHealth health, boolean retry) {
    CircuitBreaker breaker = health == null ? null : health.cluster().breaker();
    if (breaker != null) {
      if (!breaker.tryStartPending()) {
        return overloaded(health, UpstreamOverloadedException.Limit.PENDING);
      }
      if (!breaker.tryOpenConnection()) {
        breaker.pendingEnded();
        return overloaded(health, UpstreamOverloadedException.Limit.CONNECTIONS);
      }
    }
    connects++;
    Promise<Channel> ready = loop.newPromise();
    InetSocketAddress address =
        InetSocketAddress.createUnresolved(target.endpoint().address(), target.endpoint().port());
    ChannelFuture connect = bootstrap.clone().handler(http1(target)).connect(address);
    if (breaker != null) {
      ConnectionSlot.hold(breaker, connect);
    }
    UpstreamChannels.whenReady(connect, ready);
    Promise<UpstreamConnection> promise = loop.newPromise();
    ready.addListener(
        (Future<Channel> f) -> {
          if (breaker != null) {
            breaker.pendingEnded();
          }
          if (f.isSuccess()) {
            Channel channel = f.getNow();
            channel.closeFuture().addListener(c -> forget(target.key(), channel));
            promise.setSuccess(
                new UpstreamConnection(channel, target.endpoint(), false, health, retry));
          } else {
            promise.setFailure(f.cause());
          }
        });
    return promise;
  }

  private static ChannelInitializer<Channel> http1(UpstreamTarget target) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast(new Http1ClientCodec())
            .addLast(new DemandReadHandler(true))
            .addLast(new UpstreamHandler());
        UpstreamChannels.addTls(ch, target);
        ch.attr(UpstreamChannels.KEY).set(target.key());
      }
    };
  }

  /**
   * Takes a connection back after its response ended; the lease ends (its breaker slots go back). A
   * reusable HTTP/1.1 connection goes idle (with a read outstanding, so that a close or stray bytes
   * are noticed); any other is closed. An HTTP/2 stream is always closed; its connection stays up
   * for other streams.
   */
  public void release(UpstreamConnection connection, boolean reusable) {
    connection.end();
    Channel channel = connection.channel();
    UpstreamHandler handler = channel.pipeline().get(UpstreamHandler.class);
    if (handler != null) {
      handler.detach();
    }
    if (channel instanceof Http2StreamChannel) {
      channel.close();
      return;
    }
    UpstreamTarget.Key key = channel.attr(UpstreamChannels.KEY).get();
    ArrayDeque<Channel> channels = idle.computeIfAbsent(key, e -> new ArrayDeque<>());
    if (!reusable || !channel.isActive() || channels.size() >= maxIdlePerEndpoint) {
      channel.close();
      return;
    }
    channels.addLast(channel);
    idleCloser.idle(channel);
    channel.read();
  }

  private void forget(UpstreamTarget.Key key, Channel channel) {
    ArrayDeque<Channel> channels = idle.get(key);
    if (channels != null) {
      channels.remove(channel);
      if (channels.isEmpty()) {
        idle.remove(key);
      }
    }
  }
}
