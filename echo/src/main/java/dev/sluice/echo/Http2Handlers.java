package dev.sluice.echo;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * The HTTP/2 side of a connection, however it got there (prior knowledge, {@code Upgrade: h2c} or
 * ALPN): a frame codec, a multiplexer giving each stream its own child channel, and a {@link
 * StreamDispatcher} per stream. Stateless factory.
 */
final class Http2Handlers {

  /** Names of the HTTP/1.1 handlers that {@link Retirement} removes once HTTP/2 takes over. */
  static final String[] HTTP1_HANDLERS = {"continue", "echo"};

  private Http2Handlers() {}

  static Http2FrameCodec frameCodec() {
    return Http2FrameCodecBuilder.forServer().build();
  }

  static Http2MultiplexHandler multiplexer(EchoRoutes routes) {
    return new Http2MultiplexHandler(
        new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel stream) {
            stream.pipeline().addLast("dispatch", new StreamDispatcher(routes));
          }
        });
  }

  /**
   * Installs the HTTP/2 handlers in its own place, for prior knowledge and ALPN {@code h2}.
   * Event-loop confined; one instance per connection.
   */
  static final class Setup extends ChannelInboundHandlerAdapter {
    private final EchoRoutes routes;

    Setup(EchoRoutes routes) {
      this.routes = routes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ChannelPipeline pipeline = ctx.pipeline();
      pipeline.addAfter(ctx.name(), "h2", frameCodec());
      pipeline.addAfter("h2", "h2-mux", multiplexer(routes));
      pipeline.addAfter("h2-mux", "h1-retire", new Retirement());
      pipeline.remove(this);
    }
  }

  /**
   * Removes the HTTP/1.1 handlers and turns auto-read on: HTTP/2 flow control, not the one-request-
   * at-a-time reading of {@link EchoHandler}, bounds what a connection buffers. Removes itself.
   */
  static final class Retirement extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ChannelPipeline pipeline = ctx.pipeline();
      for (String name : HTTP1_HANDLERS) {
        ChannelHandler handler = pipeline.get(name);
        if (handler != null) {
          pipeline.remove(handler);
        }
      }
      pipeline.remove(this);
      ctx.channel().config().setAutoRead(true);
    }
  }
}
