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

import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.HttpHeader;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.SmallServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upstream response heads forwarded as bytes (the upstream codec's pass-through path), end to end
 * over real sockets: hop-by-hop fields never reach the client, end-to-end fields arrive as sent,
 * the upstream connection is reused or not as its Connection field says, response filters still
 * apply, and hostile heads still become 502s while the proxy keeps serving. (Heads Netty's decoder
 * accepts with a repair, such as obs-fold, are not forwarded as bytes either; they keep today's
 * decoded path, which PassThroughDecoderTest compares.)
 */
class PassThroughResponseTest extends ProxyTestBase {

  private static final String HOP =
      "HTTP/1.1 200 OK\r\nServer: scripted\r\nContent-Length: 5\r\nConnection: keep-alive\r\n"
          + "Keep-Alive: timeout=5\r\nProxy-Authenticate: Basic\r\nTE: trailers\r\nTrailer: X-T\r\n"
          + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\nX-Custom:  a , b \r\n"
          + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nhello";

  private final int port = freePort();
  private final AtomicInteger connections = new AtomicInteger();
  private SmallServer backend;

  @AfterEach
  void stopBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  /** A backend answering each request with {@code answer(path)}; counts its connections. */
  private void backend(Function<String, String> answer, List<HttpFilterSpec> filters) {
    backend =
        new SmallServer(
            ch -> {
              connections.incrementAndGet();
              ch.pipeline()
                  .addLast(new HttpRequestDecoder())
                  .addLast(
                      new ChannelInboundHandlerAdapter() {
                        private String path;

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                          if (msg instanceof HttpRequest r) {
                            path = r.uri();
                          }
                          if (msg instanceof LastHttpContent) {
                            ctx.writeAndFlush(
                                Unpooled.copiedBuffer(
                                    answer.apply(path), StandardCharsets.ISO_8859_1));
                          }
                          ReferenceCountUtil.release(msg);
                        }
                      });
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
                        filters,
                        List.of(toEndpoint(backend.endpoint())))))));
  }

  @Test
  void hopByHopFieldsAreDroppedAndTheUpstreamConnectionIsReused() throws IOException {
    backend(path -> HOP, List.of());
    try (RawHttp http = new RawHttp(port)) {
      for (int i = 0; i < 3; i++) {
        RawHttp.Response r = http.exchange("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
        assertThat(r.headers())
            .containsEntry("server", "scripted")
            .containsEntry("content-length", "5")
            .containsEntry("x-custom", "a , b")
            .containsEntry("set-cookie", "a=1, b=2")
            .doesNotContainKeys(
                "connection",
                "keep-alive",
                "proxy-authenticate",
                "te",
                "trailer",
                "upgrade",
                "http2-settings");
      }
    }
    assertThat(connections).hasValue(1);
  }

  @Test
  void anUpstreamConnectionCloseIsNotReusedButTheClientConnectionStays() throws IOException {
    backend(
        path -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", List.of());
    try (RawHttp http = new RawHttp(port)) {
      for (int i = 0; i < 2; i++) {
        RawHttp.Response r = http.exchange("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.body()).isEqualTo("ok");
        assertThat(r.headers()).doesNotContainKey("connection");
      }
    }
    assertThat(connections).hasValue(2);
  }

  @Test
  void responseFiltersChangeAPassedThroughHead() throws IOException {
    var modifier =
        new HttpFilterSpec.ResponseHeaderModifier(
            List.of(new HttpHeader("Server", "replaced")),
            List.of(new HttpHeader("X-Added", "yes")),
            List.of("x-custom"));
    backend(path -> HOP, List.of(modifier));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.exchange("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(r.body()).isEqualTo("hello");
      assertThat(r.headers())
          .containsEntry("server", "replaced")
          .containsEntry("x-added", "yes")
          .containsEntry("content-length", "5")
          .doesNotContainKeys("x-custom", "keep-alive", "connection");
    }
  }

  @Test
  void anHttp10ClientGetsTheSameFramedResponse() throws IOException {
    backend(path -> HOP, List.of());
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.exchange("GET /x HTTP/1.0\r\nHost: x\r\n\r\n");
      assertThat(r.body()).isEqualTo("hello");
      assertThat(r.headers()).containsEntry("content-length", "5");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Cr: a\rb\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Nul: a\0b\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Del: a\u007fb\r\n\r\nhello",
        "HTTP/1.1 2x0 OK\r\nContent-Length: 5\r\n\r\nhello",
      })
  void hostileHeadsStillBecome502s(String raw) throws IOException {
    backend(path -> path.startsWith("/bad") ? raw : HOP, List.of());
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /bad HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(502);
    }
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /x HTTP/1.1\r\nHost: x\r\n\r\n").body()).isEqualTo("hello");
    }
  }
}
