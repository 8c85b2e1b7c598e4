package dev.sluice.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The admin HTTP/1.1 API: {@code GET /healthz}, {@code /readyz}, {@code /api/status} and {@code
 * /api/snapshot}, answered from an {@link AdminModel}. Unknown paths get 404 with the list of
 * endpoints; other methods get 405 with {@code Allow}.
 *
 * <p>Thread-safe. The server owns one event loop; {@link #close()} stops it and waits.
 */
public final class AdminServer implements AutoCloseable {

  /** Admin requests carry no body worth having; anything larger is refused with 413. */
  private static final int MAX_REQUEST_BYTES = 16 * 1024;

  private final EventLoopGroup group;
  private final Channel channel;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AdminServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Binds {@code bind} (port 0 picks a free port) and starts serving {@code model}.
   *
   * @throws InterruptedException when interrupted while binding
   */
  public static AdminServer start(InetSocketAddress bind, AdminModel model)
      throws InterruptedException {
    Objects.requireNonNull(bind, "bind");
    AdminHandler handler =
        new AdminHandler(new AdminRoutes(Objects.requireNonNull(model, "model")));
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel channel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(initializer(handler))
              .bind(bind)
              .sync()
              .channel();
      return new AdminServer(group, channel);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static ChannelInitializer<SocketChannel> initializer(AdminHandler handler) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel channel) {
        channel
            .pipeline()
            .addLast(new HttpServerCodec())
            .addLast(new HttpServerKeepAliveHandler())
            .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
            .addLast(handler);
      }
    };
  }

  /** The bound address, with the actual port. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /**
   * Stops accepting, closes every connection and waits (bounded) for the event loop. Idempotent.
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
