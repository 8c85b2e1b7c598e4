package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static dev.sluice.proxy.testing.Ir.toEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.ClientLimits;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.VirtualHost;
import dev.sluice.proxy.testing.Await;
import dev.sluice.proxy.testing.RawH2;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.SmallServer;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Limits on how long and how much one client connection may hold (reliability-security.md §4): a
 * stalled request body (E2, slow POST), request hoarding on one connection (E7, by count and by
 * age, HTTP/1.1 and HTTP/2), and many parallel uploads to a backend that reads nothing (E5/E6:
 * bodies stream with backpressure, so memory stays bounded).
 */
class Http1ConnectionLimitsTest extends ProxyTestBase {

  private final int port = freePort();
  private SmallServer origin;

  /** Upstream connections the counting origin accepted and saw closed. */
  private final AtomicInteger opened = new AtomicInteger();

  private final AtomicInteger closed = new AtomicInteger();
  private final List<Channel> held = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopOrigin() {
    if (origin != null) {
      origin.close();
    }
  }

  private static ClientLimits limits(UnaryOperator<LimitsBuilder> change) {
    return change.apply(new LimitsBuilder(ClientLimits.DEFAULTS)).build();
  }

  private void serve(ClientLimits limits, VirtualHost host) {
    apply(
        gateway(
            new Listener(
                "127.0.0.1:" + port,
                "127.0.0.1",
                port,
                ListenerProtocol.HTTP,
                List.of(host),
                limits)));
  }

  private void serveA(ClientLimits limits) {
    serve(limits, anyHost(route("r", prefix("/"), List.of(), List.of(to(a)))));
  }

  /**
   * An origin that counts its connections and answers {@code got <bytes>} once a request body is
   * complete; with {@code gated}, connections read nothing until {@link #openGate()}.
   */
  private Endpoint countingOrigin(boolean gated) {
    origin =
        new SmallServer(
            ch -> {
              opened.incrementAndGet();
              ch.closeFuture().addListener(f -> closed.incrementAndGet());
              if (gated) {
                ch.config().setAutoRead(false);
                held.add(ch);
              }
              ch.pipeline().addLast(new HttpServerCodec()).addLast(new BodyCounter());
            });
    return origin.endpoint();
  }

  private void openGate() {
    for (Channel ch : held) {
      ch.eventLoop().execute(() -> ch.config().setAutoRead(true));
    }
  }

  private static final class BodyCounter extends ChannelInboundHandlerAdapter {
    private long bytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpContent content) {
        bytes += content.content().readableBytes();
      }
      if (msg instanceof LastHttpContent) {
        FullHttpResponse response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                Unpooled.copiedBuffer("got " + bytes, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        bytes = 0;
        ctx.writeAndFlush(response);
      }
      ReferenceCountUtil.release(msg);
    }
  }

  private void stillServes() throws IOException {
    RawHttp.Response ok = get(port, "x.test", "/after");
    assertThat(ok.status()).isEqualTo(200);
  }

  // E2: slow POST

  @Test
  void e2_stalledRequestBodyGets408AndTheUpstreamAttemptIsClosed() throws IOException {
    Endpoint counting = countingOrigin(false);
    serve(
        limits(l -> l.requestBodyTimeout(Duration.ofMillis(300))),
        anyHost(route("r", prefix("/"), List.of(), List.of(toEndpoint(counting)))));
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST /upload HTTP/1.1\r\nHost: x.test\r\nContent-Length: 1000000\r\n\r\nx");
      long start = System.nanoTime();
      RawHttp.Response r = http.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.body()).contains("request body stalled");
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(http.closedByPeer()).isTrue();
    }
    // The backend held a partial request: its connection is closed, never pooled.
    assertThat(opened.get()).isEqualTo(1);
    Await.until(Duration.ofSeconds(5), () -> closed.get() == 1);
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response ok =
          http.exchange("POST /ok HTTP/1.1\r\nHost: x.test\r\nContent-Length: 3\r\n\r\nabc");
      assertThat(ok.body()).isEqualTo("got 3");
    }
    assertThat(opened.get()).as("a fresh upstream connection").isEqualTo(2);
  }

  @Test
  void e2_aBodyTricklingFasterThanTheDeadlineIsServed() throws Exception {
    serveA(limits(l -> l.requestBodyTimeout(Duration.ofMillis(600))));
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST /trickle HTTP/1.1\r\nHost: x.test\r\nContent-Length: 5\r\n\r\n");
      for (char c : "abcde".toCharArray()) {
        // Pacing the client, not synchronising: each byte well within the deadline.
        TimeUnit.MILLISECONDS.sleep(150);
        http.send(String.valueOf(c));
      }
      RawHttp.Response r = http.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("a POST /trickle");
    }
    assertThat(a.requests().get(0).bodyPrefix()).isEqualTo("abcde");
  }

  // E7: request hoarding

  @Test
  void e7_http11ConnectionIsClosedAfterMaxRequests() throws IOException {
    serveA(limits(l -> l.maxRequestsPerConnection(3)));
    try (RawHttp http = new RawHttp(port)) {
      for (int i = 1; i <= 3; i++) {
        RawHttp.Response r = http.exchange("GET /" + i + " HTTP/1.1\r\nHost: x.test\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("connection")).as("response %d", i).isEqualTo(i < 3 ? null : "close");
      }
      assertThat(http.closedByPeer()).isTrue();
    }
    assertThat(a.requests()).hasSize(3);
    stillServes();
  }

  @Test
  void e7_http11ConnectionIsClosedWhenOldEvenWithARequestInFlight() throws IOException {
    serveA(limits(l -> l.maxConnectionDuration(Duration.ofMillis(400))));
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /slow HTTP/1.1\r\nHost: x.test\r\n\r\n");
      long start = System.nanoTime();
      a.slowArrived().join();
      Await.until(Duration.ofSeconds(5), () -> System.nanoTime() - start > 600_000_000L);
      a.releaseSlow();
      RawHttp.Response r = http.read();
      // The request in flight finishes, and is the last one.
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(http.closedByPeer()).isTrue();
    }
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /1 HTTP/1.1\r\nHost: x.test\r\n\r\n").status()).isEqualTo(200);
      long idleSince = System.nanoTime();
      // Idle and old: closed at its age, long before the 120 s idle timeout.
      assertThat(http.closedByPeer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - idleSince)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void e7_http2ConnectionGetsAGracefulGoawayAfterMaxRequests() throws IOException {
    serveA(limits(l -> l.maxRequestsPerConnection(2)));
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, RawH2.get("/s1"), true);
      h2.headers(3, RawH2.get("/s3"), true);
      List<RawH2.Frame> frames = framesUntilClosed(h2);
      RawH2.Frame goaway =
          frames.stream().filter(f -> f.type() == RawH2.GOAWAY).findFirst().orElseThrow();
      assertThat(goaway.errorCode()).as("NO_ERROR").isZero();
      assertThat(goaway.u32(0)).as("last stream processed").isEqualTo(3);
      // Both streams were answered (the second is the last allowed, not refused).
      assertThat(frames)
          .filteredOn(f -> f.type() == RawH2.HEADERS)
          .extracting(RawH2.Frame::stream)
          .contains(1, 3);
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactlyInAnyOrder("/s1", "/s3");
    stillServes();
  }

  @Test
  void e7_http2ConnectionGetsAGracefulGoawayWhenOld() throws IOException {
    serveA(limits(l -> l.maxConnectionDuration(Duration.ofMillis(400))));
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, RawH2.get("/s1"), true);
      long start = System.nanoTime();
      List<RawH2.Frame> frames = framesUntilClosed(h2);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      RawH2.Frame goaway =
          frames.stream().filter(f -> f.type() == RawH2.GOAWAY).findFirst().orElseThrow();
      assertThat(goaway.errorCode()).isZero();
      assertThat(frames).anyMatch(f -> f.type() == RawH2.HEADERS && f.stream() == 1);
    }
    stillServes();
  }

  private static List<RawH2.Frame> framesUntilClosed(RawH2 h2) throws IOException {
    List<RawH2.Frame> frames = new ArrayList<>();
    try {
      for (Optional<RawH2.Frame> f = h2.read(); f.isPresent(); f = h2.read()) {
        frames.add(f.get());
      }
    } catch (java.net.SocketException reset) {
      // Closed with unread bytes on our side: also the end.
    }
    return frames;
  }

  // E5/E6: many streamed uploads against a backend that reads nothing

  @Test
  void e5_e6_parallelUploadsToAStalledBackendStayBoundedInMemory() throws Exception {
    Endpoint gated = countingOrigin(true);
    serve(
        ClientLimits.DEFAULTS,
        anyHost(route("r", prefix("/"), List.of(), List.of(toEndpoint(gated)))));
    int uploads = 50;
    int size = 4 * 1024 * 1024;
    long heapBefore = usedHeapAfterGc();
    AtomicLong written = new AtomicLong();
    ExecutorService clients = Executors.newFixedThreadPool(uploads);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < uploads; i++) {
        results.add(clients.submit(() -> upload(size, written)));
      }
      Await.until(Duration.ofSeconds(20), () -> opened.get() == uploads);
      awaitStalled(written);
      long heapGrowth = usedHeapAfterGc() - heapBefore;
      long direct = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
      long offered = (long) uploads * size;
      // Bodies are streamed with backpressure: far less than the 200 MiB offered is held.
      assertThat(heapGrowth).as("heap growth, of %d bytes offered", offered).isLessThan(48L << 20);
      assertThat(direct).as("pooled direct memory").isLessThan(64L << 20);
      openGate();
      for (Future<String> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo("got " + size);
      }
    } finally {
      clients.shutdownNow();
    }
    stillServes();
  }

  /** Waits until no client has written a byte for 300 ms (everything is pushed back). */
  private static void awaitStalled(AtomicLong written) {
    long[] last = {-1, System.nanoTime()};
    Await.until(
        Duration.ofSeconds(30),
        () -> {
          long now = written.get();
          if (now != last[0]) {
            last[0] = now;
            last[1] = System.nanoTime();
            return false;
          }
          return System.nanoTime() - last[1] > 300_000_000L;
        });
  }

  private String upload(int size, AtomicLong written) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST /up HTTP/1.1\r\nHost: x.test\r\nContent-Length: " + size + "\r\n\r\n");
      byte[] chunk = new byte[64 * 1024];
      for (int sent = 0; sent < size; sent += chunk.length) {
        http.write(chunk, 0, chunk.length);
        written.addAndGet(chunk.length);
      }
      return http.read().body();
    }
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
