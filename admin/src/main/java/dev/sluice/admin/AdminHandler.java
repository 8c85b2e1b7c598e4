package dev.sluice.admin;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each aggregated admin request through {@link AdminRoutes}. Keep-alive framing is left to
 * the {@code HttpServerKeepAliveHandler} in front. Stateless, so shared by all connections.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

  private final AdminRoutes routes;

  AdminHandler(AdminRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      String reason = "bad request: " + request.decoderResult().cause().getMessage() + "\n";
      ctx.writeAndFlush(AdminResponses.text(HttpResponseStatus.BAD_REQUEST, reason))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    FullHttpResponse response;
    try {
      response = routes.answer(request.method(), path);
    } catch (RuntimeException e) {
      // A model value Jackson cannot write: report it instead of dropping the connection.
      LOG.warn("admin endpoint {} failed", path, e);
      response =
          AdminResponses.text(
              HttpResponseStatus.INTERNAL_SERVER_ERROR, "admin endpoint " + path + " failed\n");
    }
    ctx.writeAndFlush(response);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("admin connection failed", cause);
    ctx.close();
  }
}
