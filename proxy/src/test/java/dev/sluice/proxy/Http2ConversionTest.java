package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.toEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.H2Client;
import dev.sluice.proxy.testing.RawH2;
import dev.sluice.proxy.testing.SmallServer;
import dev.sluice.proxy.testing.TestOrigin;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a client's HTTP/2 request becomes the HTTP/1.1 request an origin sees, and how the origin's
 * response goes back as HTTP/2: pseudo-headers, cookies, framing, the fields HTTP/2 forbids, and
 * the answers to values HTTP/1.1 cannot carry.
 */
class Http2ConversionTest extends HostileTestBase {

  private static Http2Headers post(String path) {
    return RawH2.get(path).method("POST");
  }

  private static RawH2.Frame answer(RawH2 h2, int stream) throws IOException {
    return h2.readUntil(stream, RawH2.HEADERS, RawH2.RST_STREAM)
        .orElseThrow(() -> new AssertionError("connection closed without an answer"));
  }

  private static Http2Headers decode(RawH2.Frame headers) throws Http2Exception {
    return new DefaultHttp2HeadersDecoder(true)
        .decodeHeaders(headers.stream(), Unpooled.wrappedBuffer(headers.payload()));
  }

  private TestOrigin.Recorded onlyRequest() {
    assertThat(a.requests()).hasSize(1);
    return a.requests().get(0);
  }

  @Test
  void authorityBecomesHostAndCookieFieldsAreJoined() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, RawH2.get("/cookies").add("cookie", "a=1").add("cookie", "b=2"), true);
      assertThat(answer(h2, 1).type()).isEqualTo(RawH2.HEADERS);
    }
    TestOrigin.Recorded seen = onlyRequest();
    assertThat(seen.headers().get("host")).isEqualTo("h2.test");
    assertThat(seen.headers().getAll("cookie")).containsExactly("a=1; b=2");
  }

  @Test
  void extensionFieldsAndTrailerAreNotForwarded() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(
          1,
          RawH2.get("/ext")
              .add("x-http2-scheme", "gopher")
              .add("x-http2-stream-id", "7")
              .add("trailer", "x-t")
              .add("x-kept", "1"),
          true);
      assertThat(answer(h2, 1).type()).isEqualTo(RawH2.HEADERS);
    }
    TestOrigin.Recorded seen = onlyRequest();
    assertThat(seen.headers().names()).noneMatch(n -> n.startsWith("x-http2"));
    assertThat(seen.headers().contains("trailer")).isFalse();
    assertThat(seen.headers().get("x-kept")).isEqualTo("1");
  }

  @Test
  void aBodyWithoutContentLengthIsForwardedChunked() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, post("/chunked"), false);
      h2.data(1, "hello".getBytes(StandardCharsets.US_ASCII), false);
      h2.data(1, " world".getBytes(StandardCharsets.US_ASCII), true);
      assertThat(answer(h2, 1).type()).isEqualTo(RawH2.HEADERS);
    }
    TestOrigin.Recorded seen = onlyRequest();
    assertThat(seen.headers().get("transfer-encoding")).isEqualTo("chunked");
    assertThat(seen.bodyPrefix()).isEqualTo("hello world");
  }

  @Test
  void aBodyWithContentLengthKeepsIt() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, post("/sized").add("content-length", "5"), false);
      h2.data(1, "hello".getBytes(StandardCharsets.US_ASCII), true);
      assertThat(answer(h2, 1).type()).isEqualTo(RawH2.HEADERS);
    }
    TestOrigin.Recorded seen = onlyRequest();
    assertThat(seen.headers().get("content-length")).isEqualTo("5");
    assertThat(seen.headers().contains("transfer-encoding")).isFalse();
    assertThat(seen.bodyPrefix()).isEqualTo("hello");
  }

  @Test
  void trailingWhitespaceInAValueIsA400() throws Exception {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, RawH2.get("/smuggled").add("x-a", "v "), true);
      RawH2.Frame f = answer(h2, 1);
      assertThat(f.type()).isEqualTo(RawH2.HEADERS);
      assertThat(decode(f).status().toString()).isEqualTo("400");
    }
    assertThat(a.requests()).isEmpty();
    assertStillServes();
  }

  @Test
  void aControlCharacterOrAnInvalidMethodIsAStreamProtocolError() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, RawH2.get("/smuggled").add("x-a", "a\u0001b"), true);
      RawH2.Frame f = answer(h2, 1);
      assertThat(f.type()).isEqualTo(RawH2.RST_STREAM);
      assertThat(f.errorCode()).isEqualTo(RawH2.PROTOCOL_ERROR);
      h2.headers(3, RawH2.get("/smuggled").method("G T"), true);
      f = answer(h2, 3);
      assertThat(f.type()).isEqualTo(RawH2.RST_STREAM);
      assertThat(f.errorCode()).isEqualTo(RawH2.PROTOCOL_ERROR);
      h2.headers(5, RawH2.get("/after"), true);
      assertThat(answer(h2, 5).type()).as("the connection still serves").isEqualTo(RawH2.HEADERS);
    }
    assertThat(a.requests()).extracting(TestOrigin.Recorded::uri).containsExactly("/after");
  }

  @Test
  void aPseudoHeaderInTrailersIsAStreamProtocolError() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, post("/smuggled"), false);
      h2.data(1, "x".getBytes(StandardCharsets.US_ASCII), false);
      h2.headers(1, RawH2.get("/smuggled-trailer"), true);
      RawH2.Frame f = answer(h2, 1);
      assertThat(f.type()).isEqualTo(RawH2.RST_STREAM);
      assertThat(f.errorCode()).isEqualTo(RawH2.PROTOCOL_ERROR);
    }
    assertThat(a.requests()).noneMatch(r -> r.uri().contains("trailer"));
    assertStillServes();
  }

  @Test
  void theResponseLosesConnectionSpecificFieldsAndKeepsTheRest() throws Exception {
    try (SmallServer origin =
        new SmallServer(ch -> ch.pipeline().addLast(new HttpServerCodec(), new HopByHopOrigin()))) {
      int h2Port = dev.sluice.proxy.testing.Ir.freePort();
      apply(
          gateway(
              listener(
                  h2Port,
                  anyHost(
                      route(
                          "raw",
                          prefix("/"),
                          List.of(),
                          List.of(toEndpoint(origin.endpoint())))))));
      try (H2Client client = new H2Client(h2Port)) {
        FullHttpRequest request =
            new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/fields");
        request.headers().set("host", "h2.test");
        FullHttpResponse response = client.exchange(request);
        try {
          assertThat(response.status().code()).isEqualTo(200);
          assertThat(response.headers().get("content-type")).isEqualTo("text/plain");
          assertThat(response.headers().get("x-mixed-case")).isEqualTo("kept");
          assertThat(response.headers().get("set-cookie")).isEqualTo("s=1");
          for (String gone : List.of("connection", "keep-alive", "x-secret", "te", "upgrade")) {
            assertThat(response.headers().contains(gone)).as(gone).isFalse();
          }
          assertThat(response.content().toString(StandardCharsets.US_ASCII)).isEqualTo("fields");
        } finally {
          response.release();
        }
      }
    }
  }

  /** Answers every request with mixed-case and hop-by-hop fields. */
  private static final class HopByHopOrigin extends SimpleChannelInboundHandler<HttpObject> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof LastHttpContent)) {
        return;
      }
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.OK,
              Unpooled.copiedBuffer("fields", StandardCharsets.US_ASCII));
      response
          .headers()
          .add("Content-Type", "text/plain")
          .add("Content-Length", 6)
          .add("X-Mixed-Case", "kept")
          .add("Set-Cookie", "s=1")
          .add("Connection", "keep-alive, X-Secret")
          .add("X-Secret", "s")
          .add("Keep-Alive", "timeout=5")
          .add("TE", "trailers")
          .add("Upgrade", "h2c");
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }
}
