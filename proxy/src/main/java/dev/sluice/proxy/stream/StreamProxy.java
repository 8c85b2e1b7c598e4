package dev.sluice.proxy.stream;

import dev.sluice.ir.StreamRoute;
import dev.sluice.proxy.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays TCP connections and UDP datagrams to the backends of stream routes (TLS passthrough, TCP
 * and UDP routes). A TCP backend with TLS settings (a BackendTLSPolicy) is connected to with TLS:
 * SNI and certificate checks from the settings, relaying starts after the handshake, and a failed
 * handshake resets the downstream. Thread-safe; one per proxy server. Every TCP connection pair
 * lives on the downstream's event loop; a UDP listener and its sessions live on the listener's
 * event loop.
 *
 * <p>Bytes are passed through untouched: the pooled direct buffers read from one side are written
 * to the other, with no copies on either transport. {@code EpollSocketChannel.spliceTo} is not
 * used: it requires the level-triggered epoll mode that Netty 4.2 deprecates, cannot carry the
 * {@code initial} bytes of TLS passthrough or bytes that pass a TLS handler, and reports neither
 * half-closes nor backpressure to the relay; it would trade the half-close and error semantics for
 * a saving that is small next to the socket copies the kernel makes anyway.
 */
public final class StreamProxy {

  /** How long a UDP session may see no datagram in either direction before it is closed. */
  public static final Duration UDP_SESSION_IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** The largest UDP payload; datagrams are read into buffers of this size so none is truncated. */
  static final int MAX_DATAGRAM = 65_536;

  private static final Logger log = LoggerFactory.getLogger(StreamProxy.class);

  private final Transport transport;
  private final Bootstrap tcpUpstream;
  private final Duration udpIdleTimeout;

  /**
   * @param transport the I/O transport of the event loops this proxy runs on
   * @param connectTimeout how long an upstream TCP connect may take
   */
  public StreamProxy(Transport transport, Duration connectTimeout) {
    this(transport, connectTimeout, UDP_SESSION_IDLE_TIMEOUT);
  }

  StreamProxy(Transport transport, Duration connectTimeout, Duration udpIdleTimeout) {
    this.transport = Objects.requireNonNull(transport, "transport");
    long connectMillis = connectTimeout.toMillis();
    if (connectMillis <= 0 || connectMillis > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "connectTimeout: " + connectTimeout + " (expected: 1 ms to 24 days)");
    }
    this.udpIdleTimeout = Objects.requireNonNull(udpIdleTimeout, "udpIdleTimeout");
    this.tcpUpstream =
        new Bootstrap()
            .channel(transport.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectMillis)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(ChannelOption.TCP_NODELAY, true);
  }

  /**
   * Takes over an accepted downstream channel (auto-read off, the caller's handlers removed):
   * chooses a backend of {@code route} by weight, connects to it on the downstream's event loop,
   * writes {@code initial} first, then relays bytes both ways until both directions have ended. A
   * route without a usable backend, or a failed connect, resets the downstream. May be called from
   * any thread.
   *
   * @param initial bytes already read from the downstream (e.g. a TLS ClientHello), possibly empty;
   *     ownership is taken
   */
  public void forward(Channel downstream, ByteBuf initial, StreamRoute route) {
    Objects.requireNonNull(downstream, "downstream");
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(route, "route");
    if (downstream.eventLoop().inEventLoop()) {
      start(downstream, initial, route);
      return;
    }
    try {
      downstream.eventLoop().execute(() -> start(downstream, initial, route));
    } catch (RejectedExecutionException e) {
      initial.release();
      downstream.close();
    }
  }

  private void start(Channel downstream, ByteBuf initial, StreamRoute route) {
    Optional<BackendPicker.Target> target = BackendPicker.pickTarget(route);
    Optional<TcpRelay.Tls> tls = target.flatMap(StreamProxy::tls);
    boolean tlsUnusable = target.isPresent() && target.get().tls().isPresent() && tls.isEmpty();
    if (target.isEmpty() || tlsUnusable || !downstream.isActive()) {
      initial.release();
      TcpRelay.close(downstream, true);
      return;
    }
    TcpRelay.open(tcpUpstream, downstream, initial, target.get().endpoint(), tls);
  }

  /**
   * How to originate TLS to {@code target}; empty for cleartext or when its context is unusable.
   */
  private static Optional<TcpRelay.Tls> tls(BackendPicker.Target target) {
    return target
        .tls()
        .flatMap(
            t -> StreamTlsContexts.context(t).map(ctx -> new TcpRelay.Tls(ctx, t.serverName())));
  }

  /**
   * Binds a TCP listener on {@code group}; every accepted connection is forwarded to the route that
   * {@code table} (read once per connection) has for it, or reset when there is none.
   *
   * @return the bound listener channel; closing it stops accepting (open connections stay)
   */
  public Channel bindTcp(
      EventLoopGroup group, InetSocketAddress address, Supplier<StreamRouteTable> table)
      throws Exception {
    Channel channel =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new TcpAcceptHandler(this, table))
            .bind(address)
            .sync()
            .channel();
    log.debug("TCP stream listener on {}", channel.localAddress());
    return channel;
  }

  /**
   * Binds a UDP listener on {@code group}. Each client address gets its own session: an upstream
   * UDP channel to a backend chosen when the session starts (sticky while it lives), whose replies
   * go back to that client. A session idle for {@link #UDP_SESSION_IDLE_TIMEOUT} is closed.
   *
   * @return the bound listener channel; closing it closes every session
   */
  public Channel bindUdp(
      EventLoopGroup group, InetSocketAddress address, Supplier<StreamRouteTable> table)
      throws Exception {
    Bootstrap sessions = datagramBootstrap();
    Channel channel =
        datagramBootstrap()
            .group(group)
            .handler(new UdpListenerHandler(sessions, table, udpIdleTimeout))
            .bind(address)
            .sync()
            .channel();
    log.debug("UDP stream listener on {}", channel.localAddress());
    return channel;
  }

  private Bootstrap datagramBootstrap() {
    return new Bootstrap()
        .channel(transport.datagramChannel())
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
  }
}
