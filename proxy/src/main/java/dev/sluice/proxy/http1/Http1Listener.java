package dev.sluice.proxy.http1;

import dev.sluice.proxy.transport.DemandReadHandler;
import dev.sluice.proxy.transport.HttpLimits;
import dev.sluice.proxy.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * Binds one cleartext HTTP/1.1 listener socket. Accepted connections get the pipeline: server codec
 * (limits from {@link HttpLimits}) → keep-alive handling → one message per read → {@link
 * DownstreamHandler}. Auto-read is off: connections read only when an exchange asks. Stateless.
 */
public final class Http1Listener {

  private Http1Listener() {}

  /** Starts binding {@code address:port}; the future completes when bound or failed. */
  public static ChannelFuture bind(
      EventLoopGroup group,
      Transport transport,
      ListenerContext context,
      String address,
      int port) {
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
                ch.pipeline()
                    .addLast(new HttpServerCodec(HttpLimits.decoderConfig()))
                    .addLast(new HttpServerKeepAliveHandler())
                    .addLast(new DemandReadHandler(false))
                    .addLast(new DownstreamHandler(context));
              }
            })
        .bind(address, port);
  }
}
