package dev.sluice.echo;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Serves one connection: reads a request (head, then its body, discarded), answers it, and only
 * then reads the next one. Auto-read is off and a {@code FlowControlHandler} sits in front, so
 * requests are handled strictly one at a time and pipelined requests get their answers in order,
 * even when an answer is delayed.
 *
 * <p>Event-loop confined; one instance per connection.
 */
final class EchoHandler extends SimpleChannelInboundHandler<HttpObject> {

  private final EchoOptions options;
  private final RetrySimulator retries;
  private final EchoObserver observer;
  private HttpRequest pending;

  EchoHandler(EchoOptions options, RetrySimulator retries, EchoObserver observer) {
    this.options = options;
    this.retries = retries;
    this.observer = observer;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
    if (message.decoderResult().isFailure()) {
      pending = null;
      String reason = String.valueOf(message.decoderResult().cause().getMessage());
      ctx.writeAndFlush(Responses.error(HttpResponseStatus.BAD_REQUEST, reason))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (message instanceof HttpRequest request) {
      pending = request;
    }
    if (message instanceof LastHttpContent && pending != null) {
      HttpRequest request = pending;
      pending = null;
      dispatch(ctx, request);
    } else {
      ctx.read(); // the request body: read on, discard
    }
  }

  private void dispatch(ChannelHandlerContext ctx, HttpRequest request) {
    if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)
        && request.headers().getAll(HttpHeaderNames.HOST).size() != 1) {
      String reason = "HTTP/1.1 requests need exactly one Host header";
      send(ctx, request, Responses.error(HttpResponseStatus.BAD_REQUEST, reason), false);
      return;
    }
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    String path = routingPath(request.uri());
    if (path.equals("/health")) {
      send(ctx, request, Responses.text(HttpResponseStatus.OK, "OK"), true);
    } else if (path.startsWith("/status/")) {
      status(ctx, request, path.substring("/status/".length()));
    } else if (path.startsWith("/retry/")) {
      retry(ctx, request, query);
    } else if (path.equals("/ws") && isWebSocketUpgrade(request)) {
      WebSocketEchoHandler.upgrade(ctx, request);
    } else {
      echo(ctx, request, query);
    }
  }

  private void echo(ChannelHandlerContext ctx, HttpRequest request, QueryStringDecoder query) {
    List<String> delays = query.parameters().getOrDefault("delay", List.of());
    Duration delay;
    try {
      delay = delays.isEmpty() ? Duration.ZERO : GoDuration.parse(delays.get(0));
    } catch (IllegalArgumentException e) {
      send(ctx, request, Responses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage()));
      return;
    }
    later(ctx, delay, () -> sendEcho(ctx, request));
  }

  private void sendEcho(ChannelHandlerContext ctx, HttpRequest request) {
    EchoLog.echoed(request, ctx.channel(), observer);
    int port = EchoLog.localPort(ctx.channel());
    FullHttpResponse response =
        Responses.json(HttpResponseStatus.OK, EchoReport.render(request, options, port));
    SetHeaderDirectives.apply(request.headers(), response.headers());
    send(ctx, request, response);
  }

  private void status(ChannelHandlerContext ctx, HttpRequest request, String code) {
    int status;
    try {
      status = Integer.parseInt(code);
    } catch (NumberFormatException e) {
      status = -1;
    }
    if (status < 200 || status > 599) {
      String reason = "status code: " + code + " (expected: 200..599)";
      send(ctx, request, Responses.error(HttpResponseStatus.BAD_REQUEST, reason));
      return;
    }
    send(ctx, request, Responses.empty(HttpResponseStatus.valueOf(status)));
  }

  private void retry(ChannelHandlerContext ctx, HttpRequest request, QueryStringDecoder query) {
    switch (retries.decide(query)) {
      case RetrySimulator.BadRequest bad ->
          send(ctx, request, Responses.error(HttpResponseStatus.BAD_REQUEST, bad.message()));
      case RetrySimulator.Fail fail ->
          later(
              ctx,
              fail.delay(),
              () -> {
                if (fail.status().isPresent()) {
                  var status = HttpResponseStatus.valueOf(fail.status().getAsInt());
                  send(ctx, request, Responses.empty(status));
                } else {
                  reset(ctx);
                }
              });
      case RetrySimulator.Succeed succeed -> echo(ctx, request, query);
    }
  }

  private void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
    send(ctx, request, response, HttpUtil.isKeepAlive(request));
  }

  /** Writes {@code response} (taking ownership), then reads the next request or closes. */
  private static void send(
      ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response, boolean keep) {
    if (!ctx.channel().isActive()) {
      response.release(); // the client left while the answer was delayed
      return;
    }
    if (!keep) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    ctx.writeAndFlush(response)
        .addListener(
            (ChannelFutureListener)
                future -> {
                  if (future.isSuccess() && keep) {
                    ctx.read();
                  } else {
                    ctx.close();
                  }
                });
  }

  /** Closes with SO_LINGER 0, so the client sees a TCP reset instead of an orderly close. */
  private static void reset(ChannelHandlerContext ctx) {
    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
    ctx.close();
  }

  private static void later(ChannelHandlerContext ctx, Duration delay, Runnable action) {
    if (delay.isNegative() || delay.isZero()) {
      action.run();
    } else {
      ctx.executor().schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static boolean isWebSocketUpgrade(HttpRequest request) {
    return request.headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true);
  }

  /**
   * The decoded path used to pick a handler: the path of an absolute-form target, with runs of
   * slashes collapsed as the conformance echo server does before routing.
   */
  static String routingPath(String uri) {
    String target = uri;
    int scheme = target.indexOf("://");
    if (scheme > 0 && target.indexOf('/') > scheme) {
      int slash = target.indexOf('/', scheme + 3);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    return new QueryStringDecoder(target).path().replaceAll("/{2,}", "/");
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
