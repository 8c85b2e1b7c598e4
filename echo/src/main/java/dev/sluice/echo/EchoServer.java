package dev.sluice.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP/1.1 backend that answers every request with a JSON description of it, in the contract of
 * the Gateway API conformance echo server: {@code path}, {@code host}, {@code method}, {@code
 * proto}, {@code headers}, {@code namespace}, {@code service}, {@code pod}. It also serves {@code
 * /health}, {@code /status/NNN}, the {@code /retry/} simulator, a {@code /ws} WebSocket echo, the
 * {@code delay} query parameter and {@code X-Echo-Set-Header}.
 *
 * <p>Thread-safe. The server owns its event loops; {@link #close()} stops them and waits.
 */
public final class EchoServer implements AutoCloseable {

  private final EventLoopGroup group;
  private final Channel channel;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EchoServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /** Binds and starts serving; see {@link #start(EchoOptions, EchoObserver)}. */
  public static EchoServer start(EchoOptions options) throws InterruptedException {
    return start(options, EchoObserver.NONE);
  }

  /**
   * Binds {@code options.host():options.port()} (port 0 picks a free port) and starts serving.
   *
   * @param observer told about every echoed request, on an event loop
   * @throws io.netty.channel.ChannelException or another exception of the bind when it fails
   */
  public static EchoServer start(EchoOptions options, EchoObserver observer)
      throws InterruptedException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(observer, "observer");
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      ServerBootstrap bootstrap =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childOption(ChannelOption.AUTO_READ, false)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(new EchoInitializer(new EchoRoutes(options, observer)));
      Channel channel = bootstrap.bind(options.host(), options.port()).sync().channel();
      return new EchoServer(group, channel);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The bound address, with the actual port. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /**
   * Stops accepting, closes every connection and waits (bounded) for the event loop to stop.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
