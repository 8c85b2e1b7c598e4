package dev.sluice.echo;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One request whose body has been read, waiting for its single answer. Answering tells the
 * connection (through {@code onAnswered}) that it may go on with the next request; a reset or a
 * WebSocket upgrade ends HTTP on the connection instead.
 *
 * <p>Event-loop confined.
 */
final class Exchange {

  private final ChannelHandlerContext ctx;
  private final HttpRequest request;
  private final Runnable onAnswered;

  Exchange(ChannelHandlerContext ctx, HttpRequest request, Runnable onAnswered) {
    this.ctx = ctx;
    this.request = request;
    this.onAnswered = onAnswered;
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  HttpRequest request() {
    return request;
  }

  /** Answers, keeping the connection open when the client allows it. Takes ownership. */
  void send(FullHttpResponse response) {
    send(response, HttpUtil.isKeepAlive(request));
  }

  /** Answers, then goes on with the next request or closes. Takes ownership of {@code response}. */
  void send(FullHttpResponse response, boolean keepAlive) {
    if (!ctx.channel().isActive()) {
      response.release(); // the client left while the answer was delayed
      return;
    }
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    ctx.writeAndFlush(response)
        .addListener(
            (ChannelFutureListener)
                future -> {
                  if (future.isSuccess() && keepAlive) {
                    onAnswered.run();
                  } else {
                    ctx.close();
                  }
                });
  }

  /** Closes with SO_LINGER 0, so that the client sees a TCP reset instead of an orderly close. */
  void reset() {
    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
    ctx.close();
  }

  /** Runs {@code action} on the event loop after {@code delay} (at once when not positive). */
  void later(Duration delay, Runnable action) {
    if (delay.isNegative() || delay.isZero()) {
      action.run();
    } else {
      ctx.executor().schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }
}
