package dev.sluice.proxy.http1;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client connection: starts one {@link Exchange} per request and feeds it the
 * request body. Requests are handled one at a time; the next request is read only after the
 * previous exchange finished, so pipelined requests wait in the decoder. Event-loop confined; one
 * instance per connection.
 */
final class DownstreamHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);

  private final ListenerContext listener;
  private Exchange current;

  DownstreamHandler(ListenerContext listener) {
    this.listener = listener;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      if (current != null) {
        // Cannot happen with one read per message; never let two exchanges share a connection.
        ReferenceCountUtil.release(msg);
        ctx.close();
        return;
      }
      current = new Exchange(this, ctx.channel(), listener, request);
      current.start();
    }
    if (msg instanceof HttpContent content) {
      if (current != null) {
        current.onDownstreamContent(content);
      } else {
        content.release();
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null && ctx.channel().isWritable()) {
      current.onDownstreamWritable();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange exchange = current;
    current = null;
    if (exchange != null) {
      exchange.onDownstreamClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("downstream {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  /** Called by {@code exchange} once; reads the next request or closes the connection. */
  void exchangeFinished(Exchange exchange, Channel channel, boolean keepAlive) {
    if (current == exchange) {
      current = null;
    }
    if (!keepAlive) {
      channel.close();
    } else if (channel.isActive()) {
      // Read from a fresh task, so that a queued pipelined request never starts inside the
      // call stack of the exchange that just ended.
      channel.eventLoop().execute(channel::read);
    }
  }
}
