package dev.sluice.proxy.http1;

import dev.sluice.ir.ClientLimits;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the life of an HTTP/1.1 client connection (§4 E7, request hoarding): once it has carried
 * {@code maxRequestsPerConnection} requests, or is older than {@code maxConnectionDuration}, the
 * next final response gets {@code Connection: close} and the keep-alive handler before it closes
 * the connection after that response. A connection that reaches its age while idle is closed at
 * once. Sits between the keep-alive handler and the exchanges, so it sees every request head and
 * every response head. Event-loop confined; one instance per connection.
 */
final class Http1ConnectionBudget extends ChannelDuplexHandler {

  private final int maxRequests;
  private final Duration maxAge;
  private int requests;
  private boolean busy;
  private boolean expired;
  private ScheduledFuture<?> ageTimer;

  Http1ConnectionBudget(ClientLimits limits) {
    this.maxRequests = limits.maxRequestsPerConnection();
    this.maxAge = limits.maxConnectionDuration();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ageTimer = ctx.executor().schedule(() -> aged(ctx), maxAge.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void aged(ChannelHandlerContext ctx) {
    ageTimer = null;
    expired = true;
    if (!busy) {
      ctx.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      requests++;
      busy = true;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean interim = msg instanceof HttpResponse r && r.status().code() < 200;
    if (!interim && msg instanceof HttpResponse response && (expired || requests >= maxRequests)) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    if (!interim && msg instanceof LastHttpContent) {
      busy = false;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void cancel() {
    if (ageTimer != null) {
      ageTimer.cancel(false);
      ageTimer = null;
    }
  }
}
