package dev.sluice.echo;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.time.Duration;
import java.util.List;

/**
 * Decides the answer to each complete request, like the conformance echo server's routes: {@code
 * /health}, {@code /status/NNN}, {@code /retry/...}, {@code /ws}, and the echo for everything else.
 * Thread-safe: shared by all connections of a server.
 */
final class EchoRoutes {

  private final EchoOptions options;
  private final RetrySimulator retries = new RetrySimulator();
  private final EchoObserver observer;
  private volatile int httpPort;

  EchoRoutes(EchoOptions options, EchoObserver observer) {
    this.options = options;
    this.observer = observer;
  }

  EchoOptions options() {
    return options;
  }

  EchoObserver observer() {
    return observer;
  }

  /** Sets the bound HTTP port, which every listener reports as {@code httpPort}, as echo-basic. */
  void httpPort(int port) {
    this.httpPort = port;
  }

  void dispatch(Exchange exchange) {
    HttpRequest request = exchange.request();
    if (refusedAsNotH2c(exchange)) {
      exchange.send(Responses.text(HttpResponseStatus.BAD_REQUEST, "Expected h2c request"));
      return;
    }
    if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)
        && request.headers().getAll(HttpHeaderNames.HOST).size() != 1) {
      String reason = "HTTP/1.1 requests need exactly one Host header";
      exchange.send(Responses.error(HttpResponseStatus.BAD_REQUEST, reason), false);
      return;
    }
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    String path = routingPath(request.uri());
    if (path.equals("/health")) {
      exchange.send(Responses.text(HttpResponseStatus.OK, "OK"));
    } else if (path.startsWith("/status/")) {
      status(exchange, path.substring("/status/".length()));
    } else if (path.startsWith("/retry/")) {
      retry(exchange, query);
    } else if (path.equals("/ws") && isWebSocketUpgrade(exchange)) {
      WebSocketEchoHandler.upgrade(exchange.ctx(), request);
    } else {
      echo(exchange, query);
    }
  }

  private void echo(Exchange exchange, QueryStringDecoder query) {
    List<String> delays = query.parameters().getOrDefault("delay", List.of());
    Duration delay;
    try {
      delay = delays.isEmpty() ? Duration.ZERO : GoDuration.parse(delays.get(0));
    } catch (IllegalArgumentException e) {
      exchange.send(Responses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage()));
      return;
    }
    exchange.later(delay, () -> sendEcho(exchange));
  }

  private void sendEcho(Exchange exchange) {
    HttpRequest request = exchange.request();
    EchoLog.echoed(request, exchange.ctx().channel(), observer);
    Channel channel = exchange.ctx().channel();
    int port = httpPort > 0 ? httpPort : EchoLog.localPort(channel);
    ConnectionFacts facts = ConnectionFacts.of(channel);
    FullHttpResponse response =
        Responses.json(HttpResponseStatus.OK, EchoReport.render(request, options, port, facts));
    SetHeaderDirectives.apply(request.headers(), response.headers());
    exchange.send(response);
  }

  private static void status(Exchange exchange, String code) {
    int status;
    try {
      status = Integer.parseInt(code);
    } catch (NumberFormatException e) {
      status = -1;
    }
    if (status < 200 || status > 599) {
      String reason = "status code: " + code + " (expected: 200..599)";
      exchange.send(Responses.error(HttpResponseStatus.BAD_REQUEST, reason));
      return;
    }
    exchange.send(Responses.empty(HttpResponseStatus.valueOf(status)));
  }

  private void retry(Exchange exchange, QueryStringDecoder query) {
    switch (retries.decide(query)) {
      case RetrySimulator.BadRequest bad ->
          exchange.send(Responses.error(HttpResponseStatus.BAD_REQUEST, bad.message()));
      case RetrySimulator.Fail fail ->
          exchange.later(fail.delay(), () -> failAttempt(exchange, fail));
      case RetrySimulator.Succeed succeed -> echo(exchange, query);
    }
  }

  private static void failAttempt(Exchange exchange, RetrySimulator.Fail fail) {
    if (fail.status().isPresent()) {
      exchange.send(Responses.empty(HttpResponseStatus.valueOf(fail.status().getAsInt())));
    } else {
      exchange.reset();
    }
  }

  /** WebSocket runs over HTTP/1.1 only; an HTTP/2 stream to {@code /ws} gets the echo. */
  private static boolean isWebSocketUpgrade(Exchange exchange) {
    return !(exchange.ctx().channel() instanceof Http2StreamChannel)
        && exchange.request().headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true);
  }

  /**
   * On the strict h2c port, like echo-basic's: an HTTP/1.1 request without {@code Upgrade: h2c} (an
   * upgraded request arrives on an HTTP/2 stream).
   */
  private static boolean refusedAsNotH2c(Exchange exchange) {
    Channel channel = exchange.ctx().channel();
    return channel.hasAttr(EchoInitializer.H2C_ONLY)
        && !(channel instanceof Http2StreamChannel)
        && !"h2c".equalsIgnoreCase(exchange.request().headers().get(HttpHeaderNames.UPGRADE));
  }

  /**
   * The decoded path used to pick a route: the path of an absolute-form target too, with runs of
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
}
