package dev.sluice.echo;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sockets of one echo server on one event loop: binds TCP listeners and UDP sockets and closes
 * them all at once. Not thread-safe while binding (the starting thread only); {@link #close()} is
 * called once.
 */
final class Listeners implements AutoCloseable {

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<Channel> channels = new ArrayList<>();
  private final String host;

  Listeners(String host) {
    this.host = host;
  }

  /**
   * Binds a TCP listener on {@code port} whose connections start with {@code autoRead} and get
   * their pipeline from {@code initializer}.
   */
  Channel tcp(int port, boolean autoRead, ChannelHandler initializer) throws InterruptedException {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.AUTO_READ, autoRead)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer);
    return remember(bootstrap.bind(host, port).sync().channel());
  }

  /** Binds a UDP socket on {@code port} handled by {@code handler}. */
  Channel udp(int port, ChannelHandler handler) throws InterruptedException {
    Bootstrap bootstrap =
        new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(handler);
    return remember(bootstrap.bind(host, port).sync().channel());
  }

  static int port(Channel channel) {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Closes every socket, then stops the event loop, waiting a bounded time. */
  @Override
  public void close() {
    for (Channel channel : channels) {
      channel.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Channel remember(Channel channel) {
    channels.add(channel);
    return channel;
  }
}
