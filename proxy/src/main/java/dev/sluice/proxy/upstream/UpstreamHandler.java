package dev.sluice.proxy.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * The last handler of an upstream connection: forwards events to the exchange that currently uses
 * the connection, and reports each lease's outcome to its endpoint's health. While the connection
 * sits idle in the pool, any message is unexpected and closes it. When the handler leaves the
 * pipeline (the connection closed, or a tunnel took it over) the last lease ends. Event-loop
 * confined; one instance per connection.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

  /** The current user, or null while idle. */
  private UpstreamListener listener;

  /** The newest lease of this connection (it may have ended already), or null before the first. */
  private UpstreamConnection lease;

  private Throwable lastError;

  void attach(UpstreamListener listener, UpstreamConnection lease) {
    this.listener = listener;
    this.lease = lease;
  }

  void detach() {
    this.listener = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (listener != null && msg instanceof HttpObject http) {
      if (http instanceof HttpResponse head) {
        int status = head.status().code();
        if (status >= 200 || status == 101) {
          lease.recordStatus(status);
        }
      }
      listener.onUpstreamMessage(http);
      return;
    }
    // Bytes from an idle upstream would be paired with the next request: drop the connection.
    ReferenceCountUtil.release(msg);
    ctx.close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (listener != null && ctx.channel().isWritable()) {
      listener.onUpstreamWritable();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    UpstreamListener current = listener;
    listener = null;
    if (current != null) {
      lease.recordLost();
      current.onUpstreamClosed(Optional.ofNullable(lastError));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    lastError = cause;
    ctx.close();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (lease != null) {
      lease.end();
    }
  }
}
