package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.proxy.testing.H2Client;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.SmallServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC failures (reliability-security.md §4 I3, I4). An h2c backend that dies on purpose: {@code
 * /grpc.Die/MidStream} gets response headers and one message, then the backend's connection is
 * closed; {@code /grpc.Die/Early} closes it before any response. The client must always see a
 * {@code grpc-status}, never a bare reset or a bare 5xx.
 */
class GrpcFailureTest extends ProxyTestBase {

  private final int port = freePort();
  private final AtomicInteger backendRequests = new AtomicInteger();
  private SmallServer dying;

  @BeforeEach
  void routes() {
    dying =
        new SmallServer(
            ch ->
                ch.pipeline()
                    .addLast(Http2FrameCodecBuilder.forServer().build())
                    .addLast(new Http2MultiplexHandler(dyingStream())));
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    route("die", prefix("/grpc.Die/"), List.of(), List.of(h2c(dying.endpoint()))),
                    route(
                        "refused",
                        prefix("/grpc.Refused/"),
                        List.of(),
                        List.of(h2c(new Endpoint("127.0.0.1", freePort())))),
                    route("rest", prefix("/"), List.of(), List.of(to(a)))))));
  }

  @AfterEach
  void stopDying() {
    dying.close();
  }

  private static BackendRef h2c(Endpoint endpoint) {
    return new BackendRef(
        new Backend.Service(
            "default/grpc-" + endpoint.port(),
            List.of(endpoint),
            UpstreamProtocol.H2C,
            Optional.empty()),
        1,
        List.of());
  }

  private ChannelInitializer<Http2StreamChannel> dyingStream() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline()
            .addLast(new Http2StreamFrameToHttpObjectCodec(true))
            .addLast(
                new ChannelInboundHandlerAdapter() {
                  private String path;

                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof HttpRequest request) {
                      path = request.uri();
                      backendRequests.incrementAndGet();
                    }
                    if (msg instanceof LastHttpContent) {
                      answerThenDie(ctx, path.endsWith("/MidStream"));
                    }
                    ReferenceCountUtil.release(msg);
                  }
                });
      }
    };
  }

  private static void answerThenDie(ChannelHandlerContext ctx, boolean midStream) {
    if (midStream) {
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set("content-type", "application/grpc");
      ctx.write(head);
      // One length-prefixed message of 2 bytes.
      ctx.writeAndFlush(
              new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 2, 'h', 'i'})))
          .addListener(f -> ctx.channel().parent().close());
    } else {
      ctx.channel().parent().close();
    }
  }

  private static FullHttpRequest grpc(String path) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            path,
            Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 0}));
    request.headers().set("host", "grpc.test");
    request.headers().set("content-type", "application/grpc");
    request.headers().set("te", "trailers");
    return request;
  }

  private void stillServes() throws IOException {
    assertThat(get(port, "x", "/after").body()).isEqualTo("a GET /after");
  }

  @Test
  void i3_backendDyingMidStreamEndsTheCallWithUnavailableTrailers() throws Exception {
    try (H2Client client = new H2Client(port)) {
      FullHttpResponse response = client.exchange(grpc("/grpc.Die/MidStream"));
      try {
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get("content-type")).isEqualTo("application/grpc");
        // The message that made it is delivered; then the call ends with UNAVAILABLE.
        assertThat(response.content().readableBytes()).isEqualTo(7);
        assertThat(response.trailingHeaders().get("grpc-status")).isEqualTo("14");
        assertThat(response.trailingHeaders().get("grpc-message")).contains("mid-response");
      } finally {
        response.release();
      }
      // The client connection is still good for the next call.
      FullHttpResponse next = client.exchange(grpc("/grpc.Die/Early"));
      try {
        assertThat(next.headers().get("grpc-status")).isEqualTo("14");
      } finally {
        next.release();
      }
    }
    stillServes();
  }

  @Test
  void i3_backendDyingBeforeRespondingIsUnavailable() throws Exception {
    try (H2Client client = new H2Client(port)) {
      FullHttpResponse response = client.exchange(grpc("/grpc.Die/Early"));
      try {
        assertTrailersOnlyUnavailable(response);
      } finally {
        response.release();
      }
    }
    stillServes();
  }

  @Test
  void i3_connectFailureIsUnavailable() throws Exception {
    try (H2Client client = new H2Client(port)) {
      FullHttpResponse response = client.exchange(grpc("/grpc.Refused/Call"));
      try {
        assertTrailersOnlyUnavailable(response);
      } finally {
        response.release();
      }
    }
    stillServes();
  }

  private static void assertTrailersOnlyUnavailable(FullHttpResponse response) {
    // gRPC maps transport failures to UNAVAILABLE; a trailers-only response carries it in HEADERS.
    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.headers().get("content-type")).isEqualTo("application/grpc");
    assertThat(response.headers().get("grpc-status")).isEqualTo("14");
    assertThat(response.content().readableBytes()).isZero();
  }

  @Test
  void i4_grpcOverHttp11IsRefusedAndNeverForwarded() throws IOException {
    for (String type : List.of("application/grpc", "application/grpc+proto", "application/GRPC")) {
      try (RawHttp http = new RawHttp(port)) {
        RawHttp.Response r =
            http.exchange(
                "POST /grpc.Die/MidStream HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + type
                    + "\r\nTE: trailers\r\nContent-Length: 5\r\n\r\n\0\0\0\0\0");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.body()).contains("gRPC requires HTTP/2");
        // The connection stays usable: the body was read and dropped.
        assertThat(http.exchange("GET /next HTTP/1.1\r\nHost: x\r\n\r\n").body())
            .isEqualTo("a GET /next");
      }
    }
    assertThat(backendRequests.get()).isZero();
    stillServes();
  }

  @Test
  void i4_grpcWebAndOtherContentTypesOverHttp11AreOrdinaryRequests() throws IOException {
    // gRPC-Web is designed for HTTP/1.1, and a non-gRPC body is just HTTP: both are forwarded.
    for (String type : List.of("application/grpc-web+proto", "application/json")) {
      try (RawHttp http = new RawHttp(port)) {
        RawHttp.Response r =
            http.exchange(
                "POST /plain HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + type
                    + "\r\nContent-Length: 2\r\n\r\nhi");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("a POST /plain");
      }
    }
    assertThat(a.requests())
        .extracting(q -> q.headers().get("content-type"))
        .containsExactly("application/grpc-web+proto", "application/json");
  }

  @Test
  void i4_wrongContentTypeOverHttp2GetsPlainHttpErrorsNotGrpcOnes() throws Exception {
    try (H2Client client = new H2Client(port)) {
      FullHttpRequest request = grpc("/grpc.Refused/Call");
      request.headers().set("content-type", "application/json");
      FullHttpResponse response = client.exchange(request);
      try {
        // Not a gRPC call: the connect failure is an ordinary 503, not a gRPC status.
        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.headers().get("grpc-status")).isNull();
      } finally {
        response.release();
      }
    }
  }
}
