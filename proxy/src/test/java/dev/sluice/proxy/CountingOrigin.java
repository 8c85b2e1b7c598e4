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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin that counts request heads as soon as they arrive (complete or not), split into
 * legitimate probes ({@code /legit-*}) and everything else, and answers each complete request with
 * {@code 200 ok}. Thread-safe counters.
 */
final class CountingOrigin implements AutoCloseable {

  private final AtomicInteger probes = new AtomicInteger();
  private final AtomicInteger others = new AtomicInteger();
  private final SmallServer server =
      new SmallServer(ch -> ch.pipeline().addLast(new HttpServerCodec(), new Counter()));

  Endpoint endpoint() {
    return server.endpoint();
  }

  /** Heads whose target does not start with {@code /legit-}. */
  int others() {
    return others.get();
  }

  int probes() {
    return probes.get();
  }

  @Override
  public void close() {
    server.close();
  }

  private final class Counter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest head) {
        (head.uri().startsWith("/legit-") ? probes : others).incrementAndGet();
      }
      if (msg instanceof LastHttpContent) {
        var response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 2);
        ctx.writeAndFlush(response);
      }
      ReferenceCountUtil.release(msg);
    }
  }
}
