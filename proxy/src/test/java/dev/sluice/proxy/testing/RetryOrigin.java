package dev.sluice.proxy.testing;

import dev.sluice.ir.Endpoint;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 origin that counts tries per {@code key} query parameter, like the conformance retry
 * simulator: while fewer than {@code fail} tries were seen for the key, it fails the try, with
 * status {@code code} if given, else with a TCP RST (SO_LINGER 0). {@code delay} (ms) delays every
 * failing answer; {@code delayAll} delays the successful one too; {@code stall} sends the head and
 * one chunk of a successful answer and never ends it. Success answers {@code ok <method> <uri>}.
 */
public final class RetryOrigin implements AutoCloseable {

  private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
  private final SmallServer server;

  public RetryOrigin() {
    server =
        new SmallServer(
            ch ->
                ch.pipeline()
                    .addLast(
                        new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler()));
  }

  public Endpoint endpoint() {
    return server.endpoint();
  }

  /** How many tries arrived for {@code key}. */
  public int tries(String key) {
    return arrivals(key).size();
  }

  /** When each try for {@code key} arrived ({@link System#nanoTime()}). */
  public List<Long> arrivals(String key) {
    return arrivals.getOrDefault(key, List.of());
  }

  @Override
  public void close() {
    server.close();
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      Map<String, List<String>> q = new QueryStringDecoder(request.uri()).parameters();
      String key = param(q, "key", "none");
      List<Long> seen = arrivals.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
      seen.add(System.nanoTime());
      boolean failing = seen.size() <= Integer.parseInt(param(q, "fail", "0"));
      long delay =
          Long.parseLong(param(q, failing || q.containsKey("delayAll") ? "delay" : "-", "0"));
      String text = "ok " + request.method() + " " + request.uri();
      Runnable answer =
          failing
              ? () -> fail(ctx, q)
              : q.containsKey("stall") ? () -> stall(ctx) : () -> write(ctx, 200, text);
      if (delay > 0) {
        ctx.executor().schedule(answer, delay, TimeUnit.MILLISECONDS);
      } else {
        answer.run();
      }
    }

    private void fail(ChannelHandlerContext ctx, Map<String, List<String>> q) {
      if (q.containsKey("code")) {
        int code = Integer.parseInt(param(q, "code", "500"));
        write(ctx, code, "failing with " + code);
      } else {
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        ctx.close();
      }
    }

    private void stall(ChannelHandlerContext ctx) {
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      HttpUtil.setTransferEncodingChunked(head, true);
      ctx.write(head);
      ctx.writeAndFlush(
          new DefaultHttpContent(Unpooled.copiedBuffer("partial", StandardCharsets.UTF_8)));
    }

    private void write(ChannelHandlerContext ctx, int status, String text) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(status),
              Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      ctx.writeAndFlush(response);
    }
  }

  private static String param(Map<String, List<String>> q, String name, String fallback) {
    List<String> values = q.get(name);
    return values == null || values.isEmpty() ? fallback : values.getFirst();
  }
}
