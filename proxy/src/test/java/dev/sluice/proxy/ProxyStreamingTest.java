package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.Await;
import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyStreamingTest extends ProxyTestBase {

  private static final int SIZE = 20 * 1024 * 1024;
  private int port;

  @BeforeEach
  void routeEverythingToA() {
    port = freePort();
    apply(gateway(listener(port, anyHost(route("r", prefix("/"), List.of(), List.of(to(a)))))));
  }

  @Test
  void twentyMebibyteChunkedRequestIsStreamedBothWaysIntact() throws Exception {
    String expected = PatternStream.sha256(SIZE);
    try (RawHttp http = new RawHttp(port)) {
      http.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
      // The client writes and reads at the same time, as the origin echoes while it receives.
      CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> sendChunked(http));
      RawHttp.Digested response = http.readDigested();
      upload.get(30, TimeUnit.SECONDS);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().get("transfer-encoding")).isEqualTo("chunked");
      assertThat(response.length()).isEqualTo(SIZE);
      assertThat(response.sha256()).isEqualTo(expected);
    }
    // The echo origin records the request just after writing the last chunk: wait for it.
    Await.until(Duration.ofSeconds(5), () -> !a.requests().isEmpty());
    assertThat(a.requests().getFirst().bodySha256()).isEqualTo(expected);
    assertThat(a.requests().getFirst().bodyLength()).isEqualTo(SIZE);
    assertThat(a.requests().getFirst().headers().get("transfer-encoding")).isEqualTo("chunked");
  }

  private static void sendChunked(RawHttp http) {
    try (PatternStream in = new PatternStream(SIZE)) {
      byte[] buffer = new byte[32768];
      for (int n = in.read(buffer, 0, buffer.length);
          n >= 0;
          n = in.read(buffer, 0, buffer.length)) {
        http.send(Integer.toHexString(n) + "\r\n");
        http.write(buffer, 0, n);
        http.send("\r\n");
      }
      http.send("0\r\n\r\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void twentyMebibyteResponseIsStreamed() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/big/" + SIZE)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long total = 0;
    try (InputStream body = response.body()) {
      byte[] buffer = new byte[65536];
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        digest.update(buffer, 0, n);
        total += n;
      }
    }
    assertThat(total).isEqualTo(SIZE);
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(PatternStream.sha256(SIZE));
  }

  @Test
  void keepAliveReusesConnectionsOnBothSides() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      for (int i = 0; i < 20; i++) {
        RawHttp.Response r = http.exchange("GET /k" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(r.body()).isEqualTo("a GET /k" + i);
      }
    }
    // One client connection, one event loop: every request reused one upstream connection.
    assertThat(a.connections()).isEqualTo(1);
    assertThat(a.requests()).extracting(r -> r.connectionId()).containsOnly(1);
  }

  @Test
  void upstreamConnectionCloseIsNotReused() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /close HTTP/1.1\r\nHost: h\r\n\r\n").status()).isEqualTo(200);
      assertThat(http.exchange("GET /after HTTP/1.1\r\nHost: h\r\n\r\n").body())
          .isEqualTo("a GET /after");
    }
    assertThat(a.connections()).isEqualTo(2);
  }

  @Test
  void http10AndConnectionCloseAreHonoured() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.exchange("GET /old HTTP/1.0\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("a GET /old");
      assertThat(http.closedByPeer()).isTrue();
    }
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange("GET /bye HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(http.closedByPeer()).isTrue();
    }
    try (RawHttp http = new RawHttp(port)) {
      // HTTP/1.0 client and a chunked upstream response: the body must be close-delimited.
      RawHttp.Response r = http.exchange("GET /big/1000 HTTP/1.0\r\n\r\n");
      assertThat(r.headers()).doesNotContainKey("transfer-encoding");
      assertThat(r.body()).hasSize(1000);
    }
  }

  @Test
  void expectContinueIsForwardedAndTheBodyFollows() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      assertThat(http.read().status()).isEqualTo(100);
      http.send("hello");
      RawHttp.Response r = http.read();
      assertThat(r.body()).isEqualTo("a POST /upload");
    }
    assertThat(a.requests().getFirst().bodyPrefix()).isEqualTo("hello");
  }

  @Test
  void smugglingFramingIsRejectedAndNothingReachesTheOrigin() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(r.status()).isEqualTo(400);
      assertThat(http.closedByPeer()).isTrue();
    }
    assertThat(a.requests()).isEmpty();
  }

  /** Bytes i % 251, deterministic and not block-periodic. */
  static final class PatternStream extends InputStream {
    private final long size;
    private long position;

    PatternStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return position < size ? (int) (position++ % 251) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((position + i) % 251);
      }
      position += n;
      return n;
    }

    static String sha256(long size) throws Exception {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[65536];
      try (PatternStream in = new PatternStream(size)) {
        for (int n = in.read(buffer, 0, buffer.length);
            n >= 0;
            n = in.read(buffer, 0, buffer.length)) {
          digest.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
