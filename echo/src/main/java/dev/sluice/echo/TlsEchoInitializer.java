package dev.sluice.echo;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;

/**
 * Builds each HTTPS connection's pipeline: TLS (recording the SNI), then HTTP/2 or HTTP/1.1 as ALPN
 * decided (HTTP/1.1 without ALPN). Thread-safe (shared by the server).
 */
final class TlsEchoInitializer extends ChannelInitializer<SocketChannel> {

  private final EchoRoutes routes;
  private final SslContext context;

  TlsEchoInitializer(EchoRoutes routes, SslContext context) {
    this.routes = routes;
    this.context = context;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    // Auto-read drives the handshake; HTTP/1.1 turns it off again once it takes over.
    channel.config().setAutoRead(true);
    channel
        .pipeline()
        .addLast("sni", new SniCapture(context))
        .addLast("alpn", new ProtocolSwitch(routes));
  }

  /** Installs the negotiated protocol. Event-loop confined; one per connection. */
  private static final class ProtocolSwitch extends ApplicationProtocolNegotiationHandler {
    private final EchoRoutes routes;

    ProtocolSwitch(EchoRoutes routes) {
      super(ApplicationProtocolNames.HTTP_1_1);
      this.routes = routes;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      switch (protocol) {
        case ApplicationProtocolNames.HTTP_2 ->
            ctx.pipeline().addLast("h2-setup", new Http2Handlers.Setup(routes));
        case ApplicationProtocolNames.HTTP_1_1 -> {
          ctx.channel().config().setAutoRead(false);
          ctx.pipeline()
              .addLast("http", new HttpServerCodec())
              .addLast("continue", new HttpServerExpectContinueHandler())
              .addLast("echo", new EchoHandler(routes));
        }
        default ->
            throw new IllegalStateException(
                "ALPN protocol: " + protocol + " (expected: h2 or http/1.1)");
      }
    }
  }
}
