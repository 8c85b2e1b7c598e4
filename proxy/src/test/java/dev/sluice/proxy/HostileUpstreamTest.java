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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Class K of reliability-security.md §4: a scripted backend answers every request with fixed raw
 * bytes; the client must get a 502 (or a visibly broken response), and the proxy keeps serving.
 */
class HostileUpstreamTest extends ProxyTestBase {

  private final int port = freePort();
  private SmallServer hostile;
  private final AtomicInteger connections = new AtomicInteger();

  @AfterEach
  void stopHostile() {
    if (hostile != null) {
      hostile.close();
    }
  }

  /** A backend that answers the first bytes of each connection with {@code raw}. */
  private void backendAnswering(String raw, boolean closeAfter) {
    hostile =
        new SmallServer(
            ch -> {
              connections.incrementAndGet();
              ch.pipeline()
                  .addLast(
                      new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                          ReferenceCountUtil.release(msg);
                          ByteBuf out = Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1);
                          var write = ctx.writeAndFlush(out);
                          if (closeAfter) {
                            write.addListener(ChannelFutureListener.CLOSE);
                          }
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
                        "bad", prefix("/"), List.of(), List.of(toEndpoint(hostile.endpoint())))))));
  }

  private RawHttp.Response ask() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      return http.exchange("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
    }
  }

  private void stillServes() throws IOException {
    assertThat(get(port, "x", "/ok").body()).isEqualTo("a GET /ok");
  }

  @Test
  void k1_contentLengthAndTransferEncodingTogetherIs502() throws IOException {
    backendAnswering(
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        false);
    assertThat(ask().status()).isEqualTo(502);
    stillServes();
  }

  @Test
  void k1_invalidContentLengthIs502() throws IOException {
    backendAnswering("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nhello", false);
    assertThat(ask().status()).isEqualTo(502);
    stillServes();
  }

  @Test
  void k1_crInAHeaderValueIs502() throws IOException {
    backendAnswering(
        "HTTP/1.1 200 OK\r\nX: a\rSet-Cookie: evil\r\nContent-Length: 0\r\n\r\n", false);
    RawHttp.Response r = ask();
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.header("set-cookie")).isNull();
    stillServes();
  }

  @Test
  void k1_oversizedResponseHeadersAre502() throws IOException {
    backendAnswering(
        "HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat(40_000) + "\r\nContent-Length: 0\r\n\r\n", false);
    assertThat(ask().status()).isEqualTo(502);
    stillServes();
  }

  @Test
  void k4_earlyCloseBeforeAnyResponseIs502() throws IOException {
    backendAnswering("", true);
    assertThat(ask().status()).isEqualTo(502);
    stillServes();
  }

  @Test
  void k4_closeMidBodyIsNeverACompleteResponse() throws IOException {
    backendAnswering("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part", true);
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
      try {
        RawHttp.Response r = http.read();
        assertThat(r.body()).as("a truncated body must not look complete").hasSizeLessThan(100);
      } catch (EOFException | java.net.SocketException truncated) {
        // The client sees the connection end before the promised length: correct.
      }
    }
    stillServes();
  }

  @Test
  void k5_unsolicitedSwitchingProtocolsIs502() throws IOException {
    backendAnswering(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: evil\r\nConnection: upgrade\r\n\r\n", false);
    assertThat(ask().status()).isEqualTo(502);
    stillServes();
  }

  @Test
  void k6_responseWithoutLengthOnKeepAliveIsDelimitedByCloseAndReframed() throws IOException {
    backendAnswering("HTTP/1.1 200 OK\r\n\r\nuntil-close", true);
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.exchange("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("until-close");
      // The client connection stays usable: the body was re-framed, not close-delimited.
      RawHttp.Response again = http.exchange("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(again.body()).isEqualTo("until-close");
    }
    assertThat(connections.get()).as("a close-delimited connection is never reused").isEqualTo(2);
    stillServes();
  }

  @Test
  void k7_headersNamedInTheUpstreamsConnectionNeverReachTheClient() throws IOException {
    backendAnswering(
        "HTTP/1.1 200 OK\r\nConnection: Keep-Alive , X-One,,\r\nConnection: close ,x-TWO\r\n"
            + "X-One: 1\r\nX-Two: 2\r\nClose: c\r\nKeep-Alive: timeout=5\r\nX-Kept: k\r\n"
            + "Content-Length: 2\r\n\r\nok",
        false);
    RawHttp.Response r = ask();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(r.header("x-one")).isNull();
    assertThat(r.header("x-two")).isNull();
    assertThat(r.header("close")).isNull();
    assertThat(r.header("keep-alive")).isNull();
    assertThat(r.header("x-kept")).isEqualTo("k");
    stillServes();
  }

  @Test
  void k7_contentLengthIsForwardedInCanonicalForm() throws IOException {
    backendAnswering("HTTP/1.1 200 OK\r\nContent-Length: 005\r\n\r\nhello", false);
    RawHttp.Response r = ask();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-length")).isEqualTo("5");
    assertThat(r.body()).isEqualTo("hello");
    stillServes();
  }
}
