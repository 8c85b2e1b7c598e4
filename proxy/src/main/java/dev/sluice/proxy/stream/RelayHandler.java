package dev.sluice.proxy.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of one side of a {@link TcpRelay}: hands what it reads to the relay, which
 * writes it to {@code peer} (ownership passes with it). Event-loop confined; one per channel.
 *
 * <p>Backpressure: the channel reads on only after a read whose bytes the peer could take without
 * going above its write high-water mark; otherwise it waits until the peer becomes writable again.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

  private final TcpRelay relay;
  private final Channel peer;

  RelayHandler(TcpRelay relay, Channel peer) {
    this.relay = relay;
    this.peer = peer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    relay.relay(msg, peer);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    relay.readComplete(ctx.channel(), peer);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    relay.writabilityChanged(ctx.channel(), peer);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ChannelInputShutdownEvent.INSTANCE) {
      relay.inputEnded(peer);
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    relay.inactive(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    relay.fail(ctx.channel(), cause);
  }
}
