package dev.sluice.proxy.http1;

import dev.sluice.proxy.transport.ConnectionDrain;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client connection (or HTTP/2 stream): starts one {@link Exchange} per
 * request and feeds it the request body. Requests are handled one at a time; the next request is
 * read only after the previous exchange finished, so pipelined requests wait in the decoder. A
 * whole request in one message (HTTP/2 without body, an aggregated upgrade request) is split into
 * head and body first. Event-loop confined; one instance per connection.
 */
final class DownstreamHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);

  /** What happens to the connection after an exchange. */
  enum After {
    /** Read the next request. */
    KEEP_ALIVE,
    /** Close the connection. */
    CLOSE,
    /** The exchange took the connection over (protocol switch); leave it alone. */
    TAKEN_OVER
  }

  private final ListenerContext listener;
  private final ConnectionInfo info;
  private Exchange current;
  private boolean draining;

  /** Reads the next request; one per connection rather than a new task object per request. */
  private Runnable readNext;

  DownstreamHandler(ListenerContext listener, ConnectionInfo info) {
    this.listener = listener;
    this.info = info;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    // Added after the connection became active (TLS, ALPN, h2c): start reading now.
    if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
      ctx.read();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpRequest full) {
      HttpRequest head =
          new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
      head.setDecoderResult(full.decoderResult());
      onRequest(ctx, head);
      onContent(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
      return;
    }
    if (msg instanceof HttpRequest request) {
      onRequest(ctx, request);
    }
    if (msg instanceof HttpContent content) {
      onContent(content);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
    if (current != null) {
      // Cannot happen with one read per message; never let two exchanges share a connection.
      ctx.close();
      return;
    }
    current = new Exchange(this, ctx.channel(), listener, info, request);
    current.start();
  }

  private void onContent(HttpContent content) {
    if (current != null) {
      current.onDownstreamContent(content);
    } else {
      content.release();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null && ctx.channel().isWritable()) {
      current.onDownstreamWritable();
    }
    ctx.fireChannelWritabilityChanged();
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
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ConnectionDrain.EVENT) {
      draining = true;
      if (current == null) {
        ctx.close();
      }
      return;
    }
    ReferenceCountUtil.release(evt);
  }

  /**
   * Whether the proxy or listener is draining, or the proxy sheds load for lack of memory (Envoy's
   * "disable keep-alive"): the current response is the last one.
   */
  boolean draining() {
    return draining || listener.memory().shedding();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("downstream {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  /** Called by {@code exchange} once; reads the next request, closes, or lets go. */
  void exchangeFinished(Exchange exchange, Channel channel, After after) {
    if (current == exchange) {
      current = null;
    }
    switch (after) {
      case CLOSE -> channel.close();
      case TAKEN_OVER -> {}
      case KEEP_ALIVE -> {
        if (draining) {
          channel.close();
        } else if (channel.isActive()) {
          // Read from a fresh task, so that a queued pipelined request never starts inside the
          // call stack of the exchange that just ended.
          if (readNext == null) {
            readNext = channel::read;
          }
          channel.eventLoop().execute(readNext);
        }
      }
    }
  }
}
