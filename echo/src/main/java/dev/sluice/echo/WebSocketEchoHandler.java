package dev.sluice.echo;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;

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
