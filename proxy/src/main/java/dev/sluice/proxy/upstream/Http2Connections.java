package dev.sluice.proxy.upstream;

import dev.sluice.proxy.transport.DemandReadHandler;
import dev.sluice.proxy.transport.Http2MessageHygiene;
import dev.sluice.proxy.transport.Http2Settings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;

/**
 * HTTP/2 connections to backends (h2c prior knowledge, or h2 over TLS) of one event loop, each
 * carrying many request streams. A new connection is opened only when every connection to the
 * target is at its stream limit (the backend's {@code SETTINGS_MAX_CONCURRENT_STREAMS}, at most
 * 100); requests that arrive while the first connection is being set up wait for it. Event-loop
 * confined.
 */
final class Http2Connections {

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final IdleCloser idleCloser;
  private final Map<UpstreamTarget.Key, List<Parent>> parents = new HashMap<>();
  private final Map<UpstreamTarget.Key, Future<Parent>> connecting = new HashMap<>();
  private long connects;

  /** A connection and the streams this pool has open on it. */
  private static final class Parent {
    final Channel channel;
    int streams;

    Parent(Channel channel) {
      this.channel = channel;
    }

    boolean hasRoom() {
      int limit =
          Math.min(
              Http2Settings.MAX_CONCURRENT_STREAMS,
              channel
                  .pipeline()
                  .get(Http2FrameCodec.class)
                  .connection()
                  .local()
                  .maxActiveStreams());
      return channel.isActive() && streams < limit;
    }
  }

  Http2Connections(EventLoop loop, Bootstrap bootstrap, IdleCloser idleCloser) {
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.idleCloser = idleCloser;
  }

  long connectsSoFar() {
    return connects;
  }

  /**
   * A new stream to {@code target}, on a connection with room or on a new one. For a managed
   * backend ({@code health} not null) a request that waits for a connection is pending (capped),
   * and a new connection takes a connection slot (capped); the returned future fails with {@link
   * UpstreamOverloadedException} when a cap is reached.
   */
  Future<UpstreamConnection> openStream(
      UpstreamTarget target, EndpointHealth health, boolean retry) {
    Promise<UpstreamConnection> promise = loop.newPromise();
    Parent parent = withRoom(target.key());
    if (parent != null) {
      open(parent, target, promise, health, retry);
      return promise;
    }
    CircuitBreaker breaker = health == null ? null : health.cluster().breaker();
    if (breaker != null && !breaker.tryStartPending()) {
      return overloaded(health, UpstreamOverloadedException.Limit.PENDING);
    }
    Future<Parent> pending = connecting.get(target.key());
    if (pending == null) {
      pending = connect(target, health);
    }
    pending.addListener(
        (Future<Parent> f) -> {
          if (breaker != null) {
            breaker.pendingEnded();
          }
          if (!f.isSuccess()) {
            promise.tryFailure(f.cause());
          } else if (f.getNow().hasRoom()) {
            open(f.getNow(), target, promise, health, retry);
          } else {
            openStream(target, health, retry).addListener(s -> relay(s, promise));
          }
        });
    return promise;
  }

  private Future<UpstreamConnection> overloaded(
      EndpointHealth health, UpstreamOverloadedException.Limit limit) {
    return loop.newFailedFuture(new UpstreamOverloadedException(health.cluster().name(), limit));
  }

  @SuppressWarnings("unchecked")
  private static void relay(Future<?> from, Promise<UpstreamConnection> to) {
    if (from.isSuccess()) {
      to.trySuccess((UpstreamConnection) from.getNow());
    } else {
      to.tryFailure(from.cause());
    }
  }

  private Parent withRoom(UpstreamTarget.Key key) {
    List<Parent> list = parents.get(key);
    if (list != null) {
      for (Parent parent : list) {
        if (parent.hasRoom()) {
          return parent;
        }
      }
    }
    return null;
  }

  private Future<Parent> connect(UpstreamTarget target, EndpointHealth health) {
    CircuitBreaker breaker = health == null ? null : health.cluster().breaker();
    if (breaker != null && !breaker.tryOpenConnection()) {
      return loop.newFailedFuture(
          new UpstreamOverloadedException(
              health.cluster().name(), UpstreamOverloadedException.Limit.CONNECTIONS));
    }
    connects++;
    UpstreamTarget.Key key = target.key();
    Promise<Channel> ready = loop.newPromise();
    InetSocketAddress address =
        InetSocketAddress.createUnresolved(target.endpoint().address(), target.endpoint().port());
    Bootstrap b =
        bootstrap
            .clone()
            .option(ChannelOption.AUTO_READ, true)
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(Http2Settings.client())
                        .addLast(new Http2MultiplexHandler(new RefuseInbound()));
                    UpstreamChannels.addTls(ch, target);
                  }
                });
    ChannelFuture connect = b.connect(address);
    if (breaker != null) {
      ConnectionSlot.hold(breaker, connect);
    }
    UpstreamChannels.whenReady(connect, ready);
    Promise<Parent> result = loop.newPromise();
    connecting.put(key, result);
    ready.addListener(
        (Future<Channel> f) -> {
          connecting.remove(key);
          if (!f.isSuccess()) {
            result.setFailure(f.cause());
            return;
          }
          Optional<SSLHandshakeException> alpn = UpstreamChannels.requireH2(f.getNow(), target);
          if (alpn.isPresent()) {
            f.getNow().close();
            result.setFailure(alpn.get());
            return;
          }
          Parent parent = new Parent(f.getNow());
          parents.computeIfAbsent(key, k -> new ArrayList<>()).add(parent);
          parent.channel.closeFuture().addListener(c -> forget(key, parent));
          result.setSuccess(parent);
        });
    return result;
  }

  private void open(
      Parent parent,
      UpstreamTarget target,
      Promise<UpstreamConnection> promise,
      EndpointHealth health,
      boolean retry) {
    parent.streams++;
    idleCloser.busy(parent.channel);
    new Http2StreamChannelBootstrap(parent.channel)
        .option(ChannelOption.AUTO_READ, false)
        .handler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline()
                    .addLast(new Http2StreamFrameToHttpObjectCodec(false))
                    .addLast(Http2MessageHygiene.INSTANCE)
                    .addLast(new DemandReadHandler(true))
                    .addLast(new UpstreamHandler());
              }
            })
        .open()
        .addListener(
            (Future<Http2StreamChannel> f) -> {
              if (!f.isSuccess()) {
                streamClosed(parent);
                promise.tryFailure(f.cause());
                return;
              }
              f.getNow().closeFuture().addListener(c -> streamClosed(parent));
              promise.trySuccess(
                  new UpstreamConnection(f.getNow(), target.endpoint(), false, health, retry));
            });
  }

  /** A connection without streams starts its idle countdown. */
  private void streamClosed(Parent parent) {
    parent.streams--;
    if (parent.streams == 0) {
      idleCloser.idle(parent.channel);
    }
  }

  private void forget(UpstreamTarget.Key key, Parent parent) {
    List<Parent> list = parents.get(key);
    if (list != null) {
      list.remove(parent);
      if (list.isEmpty()) {
        parents.remove(key);
      }
    }
  }

  /** Backends may not open streams towards the proxy (push is disabled): drop anything inbound. */
  private static final class RefuseInbound extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }

    @Override
    public boolean isSharable() {
      return true;
    }
  }
}
