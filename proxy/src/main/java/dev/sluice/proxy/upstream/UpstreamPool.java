package dev.sluice.proxy.upstream;

import dev.sluice.ir.Endpoint;
import dev.sluice.proxy.transport.DemandReadHandler;
import dev.sluice.proxy.transport.HttpLimits;
import dev.sluice.proxy.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keep-alive upstream connections of one event loop, keyed by endpoint. Event-loop confined: every
 * method runs on {@code loop}, and connections are created on it, so the pool needs no locks. Idle
 * connections are reused most-recent-first, dropped when they close, and capped per endpoint.
 */
public final class UpstreamPool {

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final int maxIdlePerEndpoint;
  private final Map<Endpoint, ArrayDeque<Channel>> idle = new HashMap<>();
  private long connects;

  UpstreamPool(EventLoop loop, Transport transport, Duration connectTimeout, int maxIdle) {
    this.loop = loop;
    this.maxIdlePerEndpoint = maxIdle;
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec(HttpLimits.decoderConfig(), true, false))
                        .addLast(new DemandReadHandler(true))
                        .addLast(new UpstreamHandler());
                  }
                });
  }

  /** The event loop this pool belongs to. */
  public EventLoop eventLoop() {
    return loop;
  }

  /** How many connections this pool has opened so far. */
  public long connectsSoFar() {
    return connects;
  }

  /** An idle connection to {@code endpoint}, or a new one. Must be called on the pool's loop. */
  public Future<UpstreamConnection> acquire(Endpoint endpoint) {
    ArrayDeque<Channel> channels = idle.get(endpoint);
    while (channels != null && !channels.isEmpty()) {
      Channel channel = channels.pollLast();
      if (channel.isActive()) {
        return loop.newSucceededFuture(new UpstreamConnection(channel, endpoint, true));
      }
    }
    return connect(endpoint);
  }

  private Future<UpstreamConnection> connect(Endpoint endpoint) {
    connects++;
    Promise<UpstreamConnection> promise = loop.newPromise();
    InetSocketAddress address =
        InetSocketAddress.createUnresolved(endpoint.address(), endpoint.port());
    ChannelFuture connect = bootstrap.connect(address);
    connect.addListener(
        (ChannelFuture f) -> {
          if (f.isSuccess()) {
            f.channel().closeFuture().addListener(c -> forget(endpoint, f.channel()));
            promise.setSuccess(new UpstreamConnection(f.channel(), endpoint, false));
          } else {
            promise.setFailure(f.cause());
          }
        });
    return promise;
  }

  /**
   * Takes a connection back after its response ended. A reusable connection goes idle (with a read
   * outstanding, so that a close or stray bytes are noticed); any other is closed.
   */
  public void release(UpstreamConnection connection, boolean reusable) {
    Channel channel = connection.channel();
    channel.pipeline().get(UpstreamHandler.class).detach();
    ArrayDeque<Channel> channels =
        idle.computeIfAbsent(connection.endpoint(), e -> new ArrayDeque<>());
    if (!reusable || !channel.isActive() || channels.size() >= maxIdlePerEndpoint) {
      channel.close();
      return;
    }
    channels.addLast(channel);
    channel.read();
  }

  private void forget(Endpoint endpoint, Channel channel) {
    ArrayDeque<Channel> channels = idle.get(endpoint);
    if (channels != null) {
      channels.remove(channel);
      if (channels.isEmpty()) {
        idle.remove(endpoint);
      }
    }
  }
}
