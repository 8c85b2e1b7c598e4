package dev.sluice.echo;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * Looks at the first frame of an HTTP/2 stream and sets the stream up: a gRPC request ({@code
 * content-type: application/grpc...}) goes to {@link GrpcEchoHandler}; anything else is turned into
 * HTTP/1-style objects for the same {@link EchoHandler} that serves HTTP/1.1.
 *
 * <p>Event-loop confined; one instance per stream, replaced by what it installs.
 */
final class StreamDispatcher extends ChannelInboundHandlerAdapter {

  private final EchoRoutes routes;

  StreamDispatcher(EchoRoutes routes) {
    this.routes = routes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    ChannelPipeline pipeline = ctx.pipeline();
    if (message instanceof Http2HeadersFrame headers && isGrpc(headers)) {
      pipeline.replace(this, "grpc", new GrpcEchoHandler(routes));
    } else {
      pipeline.replace(this, "h2-http", new Http2StreamFrameToHttpObjectCodec(true));
      pipeline.addLast("echo", new EchoHandler(routes));
    }
    pipeline.fireChannelRead(message);
  }

  private static boolean isGrpc(Http2HeadersFrame frame) {
    CharSequence type = frame.headers().get(HttpHeaderNames.CONTENT_TYPE);
    return type != null && type.toString().startsWith("application/grpc");
  }
}
