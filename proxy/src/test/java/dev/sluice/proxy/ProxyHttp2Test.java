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
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.proxy.testing.Await;
import dev.sluice.proxy.testing.H2Client;
import dev.sluice.proxy.testing.H2cOrigin;
import dev.sluice.proxy.testing.RawHttp;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyHttp2Test extends ProxyTestBase {

  private H2cOrigin h2;
  private int port;

  @BeforeEach
  void setUp() {
    h2 = new H2cOrigin();
    port = freePort();
    BackendRef h2c =
        new BackendRef(
            new Backend.Service(
                "default/h2", List.of(h2.endpoint()), UpstreamProtocol.H2C, Optional.empty()),
            1,
            List.of());
    BackendRef empty = new BackendRef(new Backend.Service("default/none", List.of()), 1, List.of());
    BackendRef invalid =
        new BackendRef(new Backend.Invalid("service default/x not found"), 1, List.of());
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    route("h1", prefix("/h1"), List.of(), List.of(to(a))),
                    route(
                        "mirror",
                        prefix("/mirror"),
                        List.of(new HttpFilterSpec.RequestMirror(h2c.backend(), 1, 1)),
                        List.of(to(a))),
                    route("grpc", prefix("/grpc.Echo/"), List.of(), List.of(h2c)),
                    route("none", prefix("/none"), List.of(), List.of(empty)),
                    route("invalid", prefix("/invalid"), List.of(), List.of(invalid))))));
  }

  @AfterEach
  void stopOrigin() {
    h2.close();
  }

  private FullHttpRequest request(HttpMethod method, String path, String body) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            method,
            path,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    request.headers().set("host", "example.test");
    return request;
  }

  private FullHttpRequest grpc(String path) {
    FullHttpRequest request = request(HttpMethod.POST, path, "\0\0\0\0\0");
    request.headers().set("content-type", "application/grpc");
    request.headers().set("te", "trailers");
    return request;
  }

  @Test
  void priorKnowledgeHttp2ReachesAnHttp1Origin() throws Exception {
    try (H2Client client = new H2Client(port)) {
      FullHttpResponse response = client.exchange(request(HttpMethod.POST, "/h1/post", "payload"));
      try {
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.content().toString(StandardCharsets.UTF_8))
            .startsWith("a POST /h1/post");
      } finally {
        response.release();
      }
    }
    var seen = a.requests().get(0);
    assertThat(seen.headers().get("host")).isEqualTo("example.test");
    assertThat(seen.bodyPrefix()).isEqualTo("payload");
    assertThat(seen.headers().names()).noneMatch(n -> n.startsWith("x-http2"));
  }

  @Test
  void h2cUpgradeFromTheJdkClient() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    URI uri = URI.create("http://127.0.0.1:" + port + "/h1/upgrade");
    HttpResponse<String> first =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).startsWith("a GET /h1/upgrade");
    assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(second.body()).startsWith("a GET /h1/upgrade");
    assertThat(a.requests().get(0).headers().contains("upgrade")).isFalse();
    assertThat(a.requests().get(0).headers().contains("http2-settings")).isFalse();
  }

  @Test
  void grpcTrailersAreRelayedEndToEndOverH2cUpstream() throws Exception {
    try (H2Client client = new H2Client(port)) {
      FullHttpResponse response = client.exchange(grpc("/grpc.Echo/Say"));
      try {
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.content().toString(StandardCharsets.UTF_8))
            .isEqualTo("h2 POST /grpc.Echo/Say");
        assertThat(response.trailingHeaders().get("grpc-status")).isEqualTo("0");
        assertThat(response.trailingHeaders().get("x-trailer")).isEqualTo("yes");
      } finally {
        response.release();
      }
    }
    var seen = h2.requests().get(0);
    assertThat(seen.get("te")).isEqualTo("trailers");
    assertThat(seen.get("content-type")).isEqualTo("application/grpc");
  }

  @Test
  void http1ClientGetsH2cUpstreamTrailersChunked() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "POST /grpc.Echo/Say HTTP/1.1\r\nHost: x\r\nTE: trailers\r\nContent-Length: 2\r\n\r\nhi");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("h2 POST /grpc.Echo/Say");
      assertThat(r.header("trailer:x-trailer")).isEqualTo("yes");
    }
  }

  @Test
  void concurrentStreamsShareOneUpstreamConnection() throws Exception {
    try (H2Client client = new H2Client(port)) {
      List<CompletableFuture<FullHttpResponse>> pending = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        pending.add(client.send(grpc("/grpc.Echo/N" + i)));
      }
      for (CompletableFuture<FullHttpResponse> f : pending) {
        FullHttpResponse response = f.get(10, TimeUnit.SECONDS);
        assertThat(response.trailingHeaders().get("grpc-status")).isEqualTo("0");
        response.release();
      }
    }
    assertThat(h2.requests()).hasSize(20);
    // One client connection lives on one event loop, and that loop's pool multiplexes.
    assertThat(h2.connections()).isEqualTo(1);
  }

  @Test
  void mirrorHonoursTheMirrorBackendsProtocol() throws Exception {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response response =
          http.exchange("GET /mirror/x HTTP/1.1\r\nHost: example.test\r\n\r\n");
      assertThat(response.header("x-origin")).isEqualTo("a");
    }
    // The h2c-only origin understood the copy: it was spoken to with HTTP/2 prior knowledge.
    Await.until(Duration.ofSeconds(5), () -> !h2.requests().isEmpty());
    assertThat(h2.requests().getFirst().get("x-forwarded-proto")).isEqualTo("http");
  }

  @Test
  void grpcRequestsGetGrpcStatusesForLocalErrors() throws Exception {
    try (H2Client client = new H2Client(port)) {
      assertGrpcError(client.exchange(grpc("/nowhere.Service/Call")), "12");
      assertGrpcError(client.exchange(grpc("/none/x")), "14");
      assertGrpcError(client.exchange(grpc("/invalid/x")), "13");
    }
  }

  private static void assertGrpcError(FullHttpResponse response, String status) {
    try {
      assertThat(response.status().code()).isEqualTo(200);
      assertThat(response.headers().get("content-type")).isEqualTo("application/grpc");
      // Trailers-only: grpc-status arrives in the only HEADERS frame.
      assertThat(response.headers().get("grpc-status")).isEqualTo(status);
      assertThat(response.headers().get("grpc-message")).isNotBlank();
      assertThat(response.content().readableBytes()).isZero();
    } finally {
      response.release();
    }
  }
}
