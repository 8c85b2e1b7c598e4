package dev.sluice.echo;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * Sends every datagram back to its sender with the same payload. Stateless and {@link
 * ChannelHandler.Sharable}; runs on the datagram channel's event loop.
 */
@ChannelHandler.Sharable
final class UdpEchoHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ctx.writeAndFlush(new DatagramPacket(packet.content().retain(), packet.sender()));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A failed send (for example an ICMP port unreachable) must not stop the echo.
  }
}
