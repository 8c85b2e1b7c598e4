package dev.sluice.proxy;

import dev.sluice.ir.Endpoint;
import dev.sluice.proxy.testing.SmallServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin for resilience tests. With {@code hold}, every request waits until {@link #release()}
 * (a slow backend); otherwise it is answered at once with {@code status}. Counts requests, open
 * connections and the most connections open at once. Thread-safe.
 */
final class ResilienceOrigin implements AutoCloseable {

  private final int status;
  private final boolean hold;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger mostOpen = new AtomicInteger();
  private final Queue<ChannelHandlerContext> held = new ConcurrentLinkedQueue<>();
  private final SmallServer server;

  ResilienceOrigin(int status, boolean hold) {
    this.status = status;
    this.hold = hold;
    this.server =
        new SmallServer(ch -> ch.pipeline().addLast(new HttpServerCodec(), new Handler()));
  }

  Endpoint endpoint() {
    return server.endpoint();
  }

  int requests() {
    return requests.get();
  }

  int openConnections() {
    return open.get();
  }

  int mostOpenConnections() {
    return mostOpen.get();
  }

  /** Answers every request held so far. */
  void release() {
    ChannelHandlerContext ctx;
    while ((ctx = held.poll()) != null) {
      ChannelHandlerContext c = ctx;
      c.executor().execute(() -> answer(c));
    }
  }

  @Override
  public void close() {
    server.close();
  }

  private void answer(ChannelHandlerContext ctx) {
    byte[] body = ("status " + status).getBytes(StandardCharsets.US_ASCII);
    var response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    ctx.writeAndFlush(response);
  }

  private final class Handler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      open.decrementAndGet();
      ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        requests.incrementAndGet();
      }
      if (msg instanceof LastHttpContent) {
        if (hold) {
          held.add(ctx);
        } else {
          answer(ctx);
        }
      }
      ReferenceCountUtil.release(msg);
    }
  }
}
