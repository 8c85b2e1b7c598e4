package dev.sluice.proxy.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.function.Consumer;

/**
 * Binds TCP listener sockets whose accepted connections start with auto-read off (they read only
 * when a handler asks) and {@code TCP_NODELAY}. Stateless.
 */
public final class ServerSockets {

  private ServerSockets() {}

  /** Starts binding {@code address:port}; {@code init} sets up each accepted connection. */
  public static ChannelFuture bind(
      EventLoopGroup group, Transport transport, String address, int port, Consumer<Channel> init) {
    return new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                init.accept(ch);
              }
            })
        .bind(address, port);
  }
}
