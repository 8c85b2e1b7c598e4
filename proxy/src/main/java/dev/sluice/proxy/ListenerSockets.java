package dev.sluice.proxy;

import dev.sluice.ir.ClientLimits;
import dev.sluice.ir.Listener;
import dev.sluice.proxy.http1.ListenerContext;
import dev.sluice.proxy.http2.CleartextPipeline;
import dev.sluice.proxy.overload.MemoryPressure;
import dev.sluice.proxy.snapshot.ProxySnapshot;
import dev.sluice.proxy.stream.StreamProxy;
import dev.sluice.proxy.tls.TlsPipeline;
import dev.sluice.proxy.transport.ListenerConnections;
import dev.sluice.proxy.transport.RefuseConnection;
import dev.sluice.proxy.transport.ServerSockets;
import dev.sluice.proxy.transport.Transport;
import dev.sluice.proxy.upstream.UpstreamPools;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Binds the socket of one IR listener by its protocol: cleartext HTTP (HTTP/1.1 and h2c), TLS (SNI
 * routing), or TCP / UDP stream relays. Every socket reads the current snapshot through {@code
 * snapshots}. HTTP and TLS connections are admitted against the connection caps and get the {@link
 * ClientLimits} their listener has in the snapshot current at accept time. Thread-safe (immutable
 * after construction).
 */
final class ListenerSockets {

  static final long BIND_TIMEOUT_SECONDS = 10;

  private final EventLoopGroup group;
  private final Transport transport;
  private final UpstreamPools pools;
  private final StreamProxy streams;
  private final Supplier<ProxySnapshot> snapshots;
  private final Duration drainTimeout;
  private final MemoryPressure memory;

  ListenerSockets(
      EventLoopGroup group,
      Transport transport,
      UpstreamPools pools,
      StreamProxy streams,
      Supplier<ProxySnapshot> snapshots,
      Duration drainTimeout,
      MemoryPressure memory) {
    this.group = group;
    this.transport = transport;
    this.pools = pools;
    this.streams = streams;
    this.snapshots = snapshots;
    this.drainTimeout = drainTimeout;
    this.memory = memory;
  }

  /**
   * Binds {@code listener}'s socket and waits for it; HTTP and TLS connections are counted in
   * {@code connections}.
   *
   * @throws Exception why the socket could not be bound
   */
  Channel bind(Listener listener, ListenerConnections connections) throws Exception {
    String name = listener.name();
    return switch (listener.protocol()) {
      case HTTP ->
          await(
              ServerSockets.bind(
                  group,
                  transport,
                  listener.address(),
                  listener.port(),
                  ch -> {
                    ListenerContext context = admit(ch, listener, connections, true);
                    if (context != null) {
                      CleartextPipeline.install(ch, context);
                    }
                  }));
      case TLS ->
          await(
              ServerSockets.bind(
                  group,
                  transport,
                  listener.address(),
                  listener.port(),
                  ch -> {
                    ListenerContext context = admit(ch, listener, connections, false);
                    if (context != null) {
                      TlsPipeline.install(ch, context, streams);
                    }
                  }));
      case TCP ->
          streams.bindTcp(group, address(listener), () -> snapshots.get().streamRoutes(name));
      case UDP ->
          streams.bindUdp(group, address(listener), () -> snapshots.get().streamRoutes(name));
    };
  }

  /** The connection's context, or null when a cap refused it. */
  private ListenerContext admit(
      Channel ch, Listener bound, ListenerConnections connections, boolean http) {
    ClientLimits limits = currentLimits(bound);
    if (!connections.admit(ch, limits.maxConnections())) {
      RefuseConnection.refuse(ch, http);
      return null;
    }
    return new ListenerContext(
        bound.name(), bound.port(), snapshots, pools, limits, drainTimeout, memory);
  }

  /** The listener's limits in the current snapshot (they may have changed since the bind). */
  private ClientLimits currentLimits(Listener bound) {
    for (Listener l : snapshots.get().ir().listeners()) {
      if (l.name().equals(bound.name())) {
        return l.limits();
      }
    }
    return bound.limits();
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
