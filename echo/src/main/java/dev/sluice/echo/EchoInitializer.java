package dev.sluice.echo;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;

/**
 * Builds each connection's pipeline: HTTP/1.1 codec, {@code Expect: 100-continue} support, then the
 * echo handler. Thread-safe (shared by the server).
 */
final class EchoInitializer extends ChannelInitializer<SocketChannel> {

  private final EchoRoutes routes;

  EchoInitializer(EchoRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channel
        .pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("continue", new HttpServerExpectContinueHandler())
        .addLast("echo", new EchoHandler(routes));
  }
}
