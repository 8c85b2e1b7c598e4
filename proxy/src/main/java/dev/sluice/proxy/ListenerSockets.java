package dev.sluice.proxy;

import dev.sluice.ir.Listener;
import dev.sluice.proxy.http1.ListenerContext;
import dev.sluice.proxy.http2.CleartextPipeline;
import dev.sluice.proxy.snapshot.ProxySnapshot;
import dev.sluice.proxy.stream.StreamProxy;
import dev.sluice.proxy.tls.TlsPipeline;
import dev.sluice.proxy.transport.ServerSockets;
import dev.sluice.proxy.transport.Transport;
import dev.sluice.proxy.upstream.UpstreamPools;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Binds the socket of one IR listener by its protocol: cleartext HTTP (HTTP/1.1 and h2c), TLS (SNI
 * routing), or TCP / UDP stream relays. Every socket reads the current snapshot through {@code
 * snapshots}. Thread-safe (immutable after construction).
 */
final class ListenerSockets {

  static final long BIND_TIMEOUT_SECONDS = 10;

  private final EventLoopGroup group;
  private final Transport transport;
  private final UpstreamPools pools;
  private final StreamProxy streams;
  private final Supplier<ProxySnapshot> snapshots;

  ListenerSockets(
      EventLoopGroup group,
      Transport transport,
      UpstreamPools pools,
      StreamProxy streams,
      Supplier<ProxySnapshot> snapshots) {
    this.group = group;
    this.transport = transport;
    this.pools = pools;
    this.streams = streams;
    this.snapshots = snapshots;
  }

  /**
   * Binds {@code listener}'s socket and waits for it.
   *
   * @throws Exception why the socket could not be bound
   */
  Channel bind(Listener listener) throws Exception {
    ListenerContext context =
        new ListenerContext(listener.name(), listener.port(), snapshots, pools);
    String name = listener.name();
    return switch (listener.protocol()) {
      case HTTP ->
          await(
              ServerSockets.bind(
                  group,
                  transport,
                  listener.address(),
                  listener.port(),
                  ch -> CleartextPipeline.install(ch, context)));
      case TLS ->
          await(
              ServerSockets.bind(
                  group,
                  transport,
                  listener.address(),
                  listener.port(),
                  ch -> TlsPipeline.install(ch, context, streams)));
      case TCP ->
          streams.bindTcp(group, address(listener), () -> snapshots.get().streamRoutes(name));
      case UDP ->
          streams.bindUdp(group, address(listener), () -> snapshots.get().streamRoutes(name));
    };
  }

  private static InetSocketAddress address(Listener listener) {
    return new InetSocketAddress(listener.address(), listener.port());
  }

  private static Channel await(ChannelFuture bind) throws Exception {
    if (!bind.awaitUninterruptibly(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      bind.channel().close();
      throw new java.util.concurrent.TimeoutException(
          "bind timed out after " + BIND_TIMEOUT_SECONDS + " s");
    }
    if (!bind.isSuccess()) {
      throw bind.cause() instanceof Exception e ? e : new Exception(bind.cause());
    }
    return bind.channel();
  }
}
