package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static dev.sluice.proxy.testing.Ir.toEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.SmallServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Untrusted backends that frame responses in confusing ways (reliability-security.md §4 K2, K3): a
 * scripted backend decodes each request and answers with raw bytes chosen by the request's method
 * and path, so a desync would show as the wrong bytes reaching the next client request.
 */
class Http1UpstreamFramingTest extends ProxyTestBase {

  private final int port = freePort();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger maxOutstanding = new AtomicInteger();
  private SmallServer backend;

  @AfterEach
  void stopBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  /**
   * A backend answering each complete request with {@code answer(method + " " + uri)}; with {@code
   * delayMs > 0} the answer is written that much later, and requests received meanwhile on the same
   * connection (pipelining) are counted in {@link #maxOutstanding}.
   */
  private void backend(Function<String, String> answer, long delayMs) {
    backend =
        new SmallServer(
            ch -> {
              connections.incrementAndGet();
              ch.pipeline().addLast(new HttpRequestDecoder()).addLast(new Script(answer, delayMs));
            });
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    route("ok", prefix("/ok"), List.of(), List.of(to(a))),
                    route(
                        "scripted",
                        prefix("/"),
                        List.of(),
                        List.of(toEndpoint(backend.endpoint())))))));
  }

  private final class Script extends ChannelInboundHandlerAdapter {
    private final Function<String, String> answer;
    private final long delayMs;
    private String current;
    private int outstanding;

    Script(Function<String, String> answer, long delayMs) {
      this.answer = answer;
      this.delayMs = delayMs;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest r) {
        current = r.method() + " " + r.uri();
      }
      if (msg instanceof LastHttpContent) {
        outstanding++;
        maxOutstanding.accumulateAndGet(outstanding, Math::max);
        String bytes = answer.apply(current);
        Runnable write =
            () -> {
              outstanding--;
              ctx.writeAndFlush(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
            };
        if (delayMs > 0) {
          ctx.executor().schedule(write, delayMs, TimeUnit.MILLISECONDS);
        } else {
          write.run();
        }
      }
      ReferenceCountUtil.release(msg);
    }
  }

  private static final String FAKE = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled";

  /**
   * Sends {@code raw} and reads one response head (up to the empty line), byte by byte so that
   * nothing after it is consumed; header names lower-cased.
   */
  private static String headOnly(Socket socket, String raw) throws IOException {
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("closed after " + head);
      }
      head.append((char) c);
    }
    return head.toString().toLowerCase(Locale.ROOT).replace("http/1.1", "HTTP/1.1");
  }

  private void stillServes() throws IOException {
    assertThat(get(port, "x", "/ok").body()).isEqualTo("a GET /ok");
  }

  @Test
  void k2_bodyBytesAfterA204Or304AreNeverTheNextResponse() throws IOException {
    backend(
        request ->
            switch (request) {
              case "GET /204" -> "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello" + FAKE;
              case "GET /304" -> "HTTP/1.1 304 Not Modified\r\n\r\n" + FAKE;
              default -> "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal";
            },
        0);
    for (String status : List.of("204", "304")) {
      RawHttp.Response r = get(port, "x", "/" + status);
      assertThat(r.status()).isEqualTo(Integer.parseInt(status));
      RawHttp.Response next = get(port, "x", "/next");
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.body()).as("after %s", status).isEqualTo("real");
    }
    // The connections that carried stray bytes were closed, not reused.
    assertThat(connections.get()).isGreaterThanOrEqualTo(3);
    stillServes();
  }

  @Test
  void k2_bodyBytesOnAHeadResponseAreNeverTheNextResponse() throws IOException {
    backend(
        request ->
            request.startsWith("HEAD")
                ? "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n" + FAKE
                : "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal",
        0);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      String head = headOnly(socket, "HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 200 ").contains("content-length: 8");
      RawHttp http = new RawHttp(socket);
      RawHttp.Response next = http.exchange("GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.body()).isEqualTo("real");
    }
    assertThat(connections.get()).isEqualTo(2);
    stillServes();
  }

  private static final String INTERIMS =
      "HTTP/1.1 100 Continue\r\n\r\n"
          + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
          + "HTTP/1.1 103 Early Hints\r\nLink: </b.css>; rel=preload\r\n\r\n";

  @Test
  void k3_interimResponsesPairWithTheRightFinalResponse() throws IOException {
    backend(
        request ->
            INTERIMS
                + (request.startsWith("HEAD")
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Length: "
                        + request.length()
                        + "\r\n\r\n"
                        + request),
        0);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      // A HEAD after interim responses: its final 200 has no body, whatever its length says.
      String head = headOnly(socket, "HEAD /first HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 200 ").contains("content-length: 4");
      RawHttp http = new RawHttp(socket);
      for (String path : List.of("/second", "/third")) {
        RawHttp.Response r = http.exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        // The client asked for no 100, so no interim response reaches it; the final one matches.
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("GET " + path);
      }
    }
    assertThat(connections.get()).as("the connection stayed in sync and was reused").isEqualTo(1);
    stillServes();
  }

  @Test
  void k3_requestsAreNeverPipelinedToTheBackend() throws IOException {
    backend(
        request -> "HTTP/1.1 200 OK\r\nContent-Length: " + request.length() + "\r\n\r\n" + request,
        50);
    try (RawHttp one = new RawHttp(port);
        RawHttp two = new RawHttp(port)) {
      // Both clients pipeline three requests at once.
      String three =
          "GET /p1 HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /p2 HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /p3 HTTP/1.1\r\nHost: x\r\n\r\n";
      one.send(three);
      two.send(three);
      for (RawHttp http : List.of(one, two)) {
        for (String path : List.of("/p1", "/p2", "/p3")) {
          assertThat(http.read().body()).isEqualTo("GET " + path);
        }
      }
    }
    assertThat(maxOutstanding.get()).as("requests waiting on one backend connection").isEqualTo(1);
    stillServes();
  }
}
