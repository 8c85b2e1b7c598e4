package dev.sluice.proxy.tls;

import dev.sluice.ir.StreamRoute;
import dev.sluice.proxy.snapshot.TlsVirtualHost;
import dev.sluice.proxy.stream.StreamProxy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * Gives a TLS connection to a stream route: for passthrough as soon as the buffered ClientHello
 * arrives (it becomes the first bytes sent to the backend), for termination once the handshake
 * succeeded (with any application bytes decrypted so far). Without a matching route the connection
 * is closed. Event-loop confined; removes itself.
 */
final class StreamHandoff extends ChannelInboundHandlerAdapter {

  private final StreamProxy streams;
  private final TlsVirtualHost virtualHost;
  private final Optional<String> serverName;
  private final boolean terminated;
  private CompositeByteBuf early;

  StreamHandoff(
      StreamProxy streams,
      TlsVirtualHost virtualHost,
      Optional<String> serverName,
      boolean terminated) {
    this.streams = streams;
    this.virtualHost = virtualHost;
    this.serverName = serverName;
    this.terminated = terminated;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (terminated) {
      if (early == null) {
        early = ctx.alloc().compositeBuffer();
      }
      early.addComponent(true, buf);
      return;
    }
    handOff(ctx, buf);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (terminated && evt instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        ByteBuf initial = early == null ? Unpooled.EMPTY_BUFFER : early;
        early = null;
        handOff(ctx, initial);
      } else {
        ctx.close();
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void handOff(ChannelHandlerContext ctx, ByteBuf initial) {
    Optional<StreamRoute> route = virtualHost.streamRoutes().route(serverName);
    ctx.pipeline().remove(this);
    if (route.isEmpty()) {
      initial.release();
      ctx.close();
      return;
    }
    streams.forward(ctx.channel(), initial, route.get());
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (early != null) {
      early.release();
      early = null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
