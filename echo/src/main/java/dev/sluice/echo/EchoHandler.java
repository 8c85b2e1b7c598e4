package dev.sluice.echo;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Serves one connection strictly one request at a time: reads a request (its body is read and
 * dropped), hands it to {@link EchoRoutes}, and only after the answer is written goes on. Auto-read
 * is off; while an answer is pending (for example delayed) nothing more is read from the socket,
 * and messages already decoded from the same read wait in a backlog. So pipelined requests are
 * answered in order and a slow client cannot make the server buffer without bound.
 *
 * <p>Event-loop confined; one instance per connection.
 */
final class EchoHandler extends ChannelInboundHandlerAdapter {

  private final EchoRoutes routes;
  private final ArrayDeque<Object> backlog = new ArrayDeque<>();
  private HttpRequest pending;
  private boolean answering;

  EchoHandler(EchoRoutes routes) {
    this.routes = routes;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      ctx.read(); // added after the connection started (after ALPN, or on an HTTP/2 stream)
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    backlog.add(message); // takes ownership; released once handled
    drain(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    readMoreIfIdle(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseBacklog();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseBacklog(); // after a WebSocket upgrade
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void drain(ChannelHandlerContext ctx) {
    while (!answering && !backlog.isEmpty() && ctx.channel().isActive()) {
      Object message = backlog.poll();
      try {
        handle(ctx, message);
      } finally {
        ReferenceCountUtil.release(message);
      }
    }
  }

  private void handle(ChannelHandlerContext ctx, Object message) {
    if (!(message instanceof HttpObject http)) {
      return;
    }
    if (http.decoderResult().isFailure()) {
      pending = null;
      answering = true;
      String reason = String.valueOf(http.decoderResult().cause().getMessage());
      ctx.writeAndFlush(Responses.error(HttpResponseStatus.BAD_REQUEST, reason))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (http instanceof HttpRequest request) {
      pending = request;
    }
    if (http instanceof LastHttpContent && pending != null) {
      HttpRequest request = pending;
      pending = null;
      answering = true;
      routes.dispatch(new Exchange(ctx, request, () -> answered(ctx)));
    }
  }

  private void answered(ChannelHandlerContext ctx) {
    answering = false;
    drain(ctx);
    readMoreIfIdle(ctx);
  }

  private void readMoreIfIdle(ChannelHandlerContext ctx) {
    if (!answering && backlog.isEmpty()) {
      ctx.read();
    }
  }

  private void releaseBacklog() {
    while (!backlog.isEmpty()) {
      ReferenceCountUtil.release(backlog.poll());
    }
  }
}
