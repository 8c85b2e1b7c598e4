package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.overload.MemoryGauge;
import dev.sluice.proxy.overload.MemoryPressureOptions;
import dev.sluice.proxy.overload.PressureState;
import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.H2Client;
import dev.sluice.proxy.testing.RawH2;
import dev.sluice.proxy.testing.RawHttp;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * E6 of reliability-security.md §4: under heap or direct-memory pressure the proxy sheds load (503,
 * {@code Retry-After}, {@code x-sluice-overloaded}, no keep-alive, {@code GOAWAY} on HTTP/2) while
 * requests in flight finish, and serves again once the pressure is relieved. The memory gauge is
 * driven by the test, so the test JVM's own memory is never exhausted.
 */
class MemoryPressureTest extends ProxyTestBase {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final int port = freePort();
  private volatile double heap = 0.10;
  private volatile double direct = 0.05;

  @BeforeEach
  void proxyWithTestGauge() {
    proxy.close();
    MemoryPressureOptions memory =
        MemoryPressureOptions.defaults()
            .withGauge(MemoryGauge.of(() -> heap, () -> direct))
            .withPeriod(Duration.ofMillis(10));
    proxy =
        ProxyServer.create(
            new ProxyOptions(
                    2,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2),
                    ProxyOptions.DEFAULT_MAX_CONNECTIONS)
                .withMemoryPressure(memory));
    apply(gateway(listener(port, anyHost(route("all", prefix("/"), List.of(), List.of(to(a)))))));
  }

  @Test
  void http1UnderHeapPressureGets503WithoutKeepAliveThenServesAgain() throws IOException {
    try (RawHttp kept = new RawHttp(port)) {
      assertThat(kept.exchange(get("/before")).status()).isEqualTo(200);

      setPressure(0.95, 0.05);
      assertThat(proxy.memoryPressure().reason()).contains("heap 95%");

      // A request on a connection kept alive from before, and one on a new connection.
      assertShed(kept.exchange(get("/shed-kept")));
      assertThat(kept.closedByPeer()).isTrue();
    }
    try (RawHttp fresh = new RawHttp(port)) {
      assertShed(
          fresh.exchange(
              "POST /shed-upload HTTP/1.1\r\nHost: x.test\r\n" + "Content-Length: 5\r\n\r\nhello"));
      assertThat(fresh.closedByPeer()).isTrue();
    }
    assertThat(a.requests()).noneMatch(r -> r.uri().startsWith("/shed"));

    // Between the thresholds the proxy keeps shedding (hysteresis).
    setGauge(0.85, 0.05);
    assertThat(proxy.memoryPressure().shedding()).isTrue();
    assertShed(get(port, "x.test", "/shed-between"));

    setPressure(0.50, 0.05);
    try (RawHttp again = new RawHttp(port)) {
      RawHttp.Response first = again.exchange(get("/after"));
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("a GET /after");
      assertThat(first.header("connection")).isNull();
      assertThat(again.exchange(get("/after-kept-alive")).status()).isEqualTo(200);
    }
  }

  @Test
  void directMemoryPressureShedsLikeHeapPressure() throws IOException {
    setPressure(0.10, 0.92);
    assertThat(proxy.memoryPressure().reason()).startsWith("direct memory 92%");
    assertShed(get(port, "x.test", "/shed-direct"));
    setPressure(0.10, 0.30);
    assertThat(get(port, "x.test", "/after").status()).isEqualTo(200);
  }

  @Test
  void http1RequestInFlightWhenPressureStartsCompletesButIsNotKeptAlive() throws Exception {
    try (RawHttp slow = new RawHttp(port)) {
      slow.send(get("/slow"));
      a.slowArrived().get(5, TimeUnit.SECONDS);

      setPressure(0.97, 0.05);
      assertShed(get(port, "x.test", "/shed-meanwhile"));

      a.releaseSlow();
      RawHttp.Response response = slow.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("a GET /slow");
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(slow.closedByPeer()).isTrue();
    }
  }

  @Test
  void http2NewStreamGets503AndGoawayWhileTheStreamInFlightFinishes() throws Exception {
    try (RawH2 h2 = new RawH2(port)) {
      H2Frames frames = new H2Frames(h2);
      h2.headers(1, RawH2.get("/slow"), true);
      a.slowArrived().get(5, TimeUnit.SECONDS);

      setPressure(0.95, 0.05);
      h2.headers(3, RawH2.get("/shed-h2"), true);
      frames.readUntil(() -> frames.ended.contains(3) && frames.goaway.isPresent());

      Http2Headers shed = frames.headers.get(3);
      assertThat(shed.status()).hasToString("503");
      assertThat(shed.get("retry-after")).hasToString("1");
      assertThat(shed.get("x-sluice-overloaded")).hasToString("true");
      assertThat(shed.contains("connection")).isFalse();
      RawH2.Frame goaway = frames.goaway.get();
      assertThat(goaway.errorCode()).isEqualTo(RawH2.NO_ERROR);
      assertThat(goaway.u32(0)).as("last stream id").isGreaterThanOrEqualTo(3);

      a.releaseSlow();
      frames.readUntil(() -> frames.ended.contains(1));
      assertThat(frames.headers.get(1).status()).hasToString("200");
      assertThat(h2.closedByPeer()).as("closed once the last stream ended").isTrue();
    }
    assertThat(a.requests()).noneMatch(r -> r.uri().startsWith("/shed"));

    setPressure(0.40, 0.05);
    try (RawH2 h2 = new RawH2(port)) {
      H2Frames frames = new H2Frames(h2);
      h2.headers(1, RawH2.get("/after"), true);
      frames.readUntil(() -> frames.ended.contains(1));
      assertThat(frames.headers.get(1).status()).hasToString("200");
      assertThat(frames.goaway).isEmpty();
    }
  }

  @Test
  void grpcCallsUnderPressureGetUnavailable() throws Exception {
    setPressure(0.99, 0.05);
    try (H2Client client = new H2Client(port)) {
      FullHttpResponse response = client.exchange(grpc("/pkg.Service/Call"));
      try {
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get("content-type")).isEqualTo("application/grpc");
        assertThat(response.headers().get("grpc-status")).isEqualTo("14");
        assertThat(response.headers().get("grpc-message")).contains("overloaded");
        assertThat(response.headers().get("x-sluice-overloaded")).isEqualTo("true");
      } finally {
        response.release();
      }
    }
    assertThat(a.requests()).isEmpty();
  }

  /** Sets the gauge and waits until the proxy has sampled it and is (or is not) shedding. */
  private void setPressure(double heapFraction, double directFraction) {
    boolean shedding = heapFraction >= 0.9 || directFraction >= 0.9;
    setGauge(heapFraction, directFraction);
    assertThat(proxy.memoryPressure().shedding()).isEqualTo(shedding);
  }

  /** Sets the gauge and waits until the proxy published a reading of exactly these values. */
  private void setGauge(double heapFraction, double directFraction) {
    heap = heapFraction;
    direct = directFraction;
    Eventually.await(
        WAIT,
        () -> {
          PressureState state = proxy.memoryPressure();
          return state.heap() == heapFraction && state.direct() == directFraction;
        },
        "a memory-pressure reading of heap " + heapFraction + ", direct " + directFraction);
  }

  private static void assertShed(RawHttp.Response response) {
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("retry-after")).isEqualTo("1");
    assertThat(response.header("x-sluice-overloaded")).isEqualTo("true");
    assertThat(response.header("connection")).isEqualTo("close");
    assertThat(response.body()).contains("overloaded");
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x.test\r\n\r\n";
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

  /**
   * The server's frames on one raw HTTP/2 connection, with every HEADERS block decoded in order.
   */
  private static final class H2Frames {
    final RawH2 h2;
    final DefaultHttp2HeadersDecoder hpack = new DefaultHttp2HeadersDecoder(false);
    final Map<Integer, Http2Headers> headers = new HashMap<>();
    final Set<Integer> ended = new HashSet<>();
    Optional<RawH2.Frame> goaway = Optional.empty();

    H2Frames(RawH2 h2) {
      this.h2 = h2;
    }

    /** Reads frames until {@code done} holds; fails if the connection closes first. */
    void readUntil(BooleanSupplier done) throws IOException, Http2Exception {
      for (int frames = 0; !done.getAsBoolean(); frames++) {
        assertThat(frames).as("frames read").isLessThan(200);
        RawH2.Frame f = h2.read().orElseThrow(() -> new AssertionError("connection closed"));
        if (f.type() == RawH2.HEADERS) {
          Http2Headers block = hpack.decodeHeaders(f.stream(), Unpooled.wrappedBuffer(f.payload()));
          headers.putIfAbsent(f.stream(), block);
        } else if (f.type() == RawH2.GOAWAY && goaway.isEmpty()) {
          goaway = Optional.of(f);
        }
        if ((f.type() == RawH2.HEADERS || f.type() == RawH2.DATA)
            && (f.flags() & RawH2.END_STREAM) != 0) {
          ended.add(f.stream());
        }
      }
    }
  }
}
