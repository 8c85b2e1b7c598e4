package dev.sluice.echo;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

/**
 * After a {@code /ws} upgrade: sends every data frame back unchanged, answers pings and completes
 * the close handshake. Reads one frame at a time (auto-read is off), so a slow client slows the
 * echo instead of filling memory. Event-loop confined; one instance per connection.
 */
final class WebSocketEchoHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

  private final WebSocketServerHandshaker handshaker;

  WebSocketEchoHandler(WebSocketServerHandshaker handshaker) {
    this.handshaker = handshaker;
  }

  /**
   * Completes the upgrade of {@code request} on {@code ctx}'s channel and puts a WebSocket echo in
   * place of {@code ctx}'s handler.
   */
  static void upgrade(ChannelHandlerContext ctx, HttpRequest request) {
    String location = "ws://" + EchoReport.host(request) + request.uri();
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(location, null, true).newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    // The body of an upgrade request is empty and was already read.
    FullHttpRequest full =
        new DefaultFullHttpRequest(
            request.protocolVersion(),
            request.method(),
            request.uri(),
            Unpooled.EMPTY_BUFFER,
            request.headers(),
            EmptyHttpHeaders.INSTANCE);
    Channel channel = ctx.channel();
    ctx.pipeline().replace(ctx.handler(), "ws-echo", new WebSocketEchoHandler(handshaker));
    handshaker
        .handshake(channel, full)
        .addListener(
            (ChannelFutureListener)
                future -> {
                  if (future.isSuccess()) {
                    channel.read(); // auto-read is off: ask for the first frame
                  } else {
                    channel.close();
                  }
                });
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof CloseWebSocketFrame close) {
      handshaker.close(ctx.channel(), close.retain());
      return;
    }
    if (frame instanceof PongWebSocketFrame) {
      ctx.read();
      return;
    }
    WebSocketFrame reply =
        frame instanceof PingWebSocketFrame
            ? new PongWebSocketFrame(frame.content().retain())
            : frame.retain();
    ctx.writeAndFlush(reply)
        .addListener(
            (ChannelFutureListener)
                future -> {
                  if (future.isSuccess()) {
                    ctx.read();
                  } else {
                    ctx.close();
                  }
                });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
