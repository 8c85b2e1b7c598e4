package dev.sluice.proxy.http1;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes both connections of a protocol-switched tunnel (WebSocket) once one of them has neither
 * read nor written a byte for {@code tunnelIdleTimeout} (§4 H5): a silent tunnel would otherwise
 * hold two sockets forever. One instance on each side, placed before the tunnel handler so that it
 * sees the bytes read and the bytes the tunnel writes. Traffic in either direction keeps both sides
 * alive, since each byte is read on one side and written on the other. Event-loop confined.
 */
final class TunnelIdleTimeout extends IdleStateHandler {

  private final Channel peer;

  private TunnelIdleTimeout(Duration timeout, Channel peer) {
    super(0, 0, Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    this.peer = peer;
  }

  /** Adds the idle watch to both connections (before the tunnel handlers are spliced in). */
  static void install(Channel downstream, Channel upstream, Duration timeout) {
    downstream.pipeline().addLast(new TunnelIdleTimeout(timeout, upstream));
    upstream.pipeline().addLast(new TunnelIdleTimeout(timeout, downstream));
  }

  @Override
  protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
    ctx.close();
    peer.close();
  }
}
