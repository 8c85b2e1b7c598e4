package dev.sluice.proxy.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays raw bytes between two connections of one event loop after a protocol switch (WebSocket):
 * each side reads its next chunk only after the previous one was written to the other side, and
 * when either side closes or fails the other is flushed and closed. Both channels must have
 * auto-read off and no codec left; stray HTTP objects still queued from before the switch (such as
 * the empty end of the 101) are dropped. Event-loop confined.
 */
public final class Tunnel extends ChannelInboundHandlerAdapter {

  private final Channel peer;

  private Tunnel(Channel peer) {
    this.peer = peer;
  }

  /** Appends a tunnel handler to each channel and starts reading both. */
  public static void splice(Channel a, Channel b) {
    a.pipeline().addLast(new Tunnel(b));
    b.pipeline().addLast(new Tunnel(a));
    a.read();
    b.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf) || !buf.isReadable()) {
      ReferenceCountUtil.release(msg);
      ctx.read();
      return;
    }
    peer.writeAndFlush(buf)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ctx.read();
              } else {
                ctx.close();
                peer.close();
              }
            });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
