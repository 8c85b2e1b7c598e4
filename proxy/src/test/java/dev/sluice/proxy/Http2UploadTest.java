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
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.proxy.ProxyStreamingTest.PatternStream;
import dev.sluice.proxy.testing.BulkH2cOrigin;
import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.H2BulkClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk bodies through the proxy in every client/backend protocol pair that involves HTTP/2: 16 MiB
 * uploads and downloads between well-behaved peers (Netty's stock HTTP/2 codec, the JDK client)
 * must arrive whole, byte for byte, and be answered; a stall here is the proxy withholding
 * flow-control credit, not a peer.
 */
class Http2UploadTest extends ProxyTestBase {

  private static final long SIZE = 16L * 1024 * 1024;
  private static final Duration TRANSFER = Duration.ofSeconds(30);

  private BulkH2cOrigin h2;
  private int port;

  @BeforeEach
  void setUp() {
    h2 = new BulkH2cOrigin();
    port = freePort();
    BackendRef h2c =
        new BackendRef(
            new Backend.Service(
                "default/bulk", List.of(h2.endpoint()), UpstreamProtocol.H2C, Optional.empty()),
            1,
            List.of());
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    route("h1", prefix("/h1"), List.of(), List.of(to(a))),
                    route("big", prefix("/big"), List.of(), List.of(to(a))),
                    route("h2", prefix("/h2"), List.of(), List.of(h2c)),
                    route("down", prefix("/down"), List.of(), List.of(h2c))))));
  }

  @AfterEach
  void stopOrigin() {
    h2.close();
  }

  // --- uploads ------------------------------------------------------------------------------

  @Test
  void h2ClientUploadsSixteenMebibytesToAnHttp1Origin() throws Exception {
    try (H2BulkClient client = new H2BulkClient(port)) {
      H2BulkClient.Result r = await(client.upload("/h1/up", SIZE), client);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.prefix()).isEqualTo("a POST /h1/up");
    }
    var seen = a.requests().getFirst();
    assertThat(seen.bodyLength()).isEqualTo(SIZE);
    assertThat(seen.bodySha256()).isEqualTo(PatternStream.sha256(SIZE));
  }

  @Test
  void h2ClientUploadsSixteenMebibytesToAnH2cOrigin() throws Exception {
    String sha = PatternStream.sha256(SIZE);
    try (H2BulkClient client = new H2BulkClient(port)) {
      H2BulkClient.Result r = await(client.upload("/h2/up", SIZE), client);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.prefix()).isEqualTo("received " + SIZE + " " + sha);
    }
    assertThat(h2.uploads()).containsExactly(new BulkH2cOrigin.Upload("/h2/up", SIZE, sha));
  }

  @Test
  void concurrentH2UploadsOnOneConnectionShareTheWindowsToTheEnd() throws Exception {
    long each = 4L * 1024 * 1024;
    String sha = PatternStream.sha256(each);
    try (H2BulkClient client = new H2BulkClient(port)) {
      List<CompletableFuture<H2BulkClient.Result>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(client.upload("/h2/up" + i, each));
      }
      calls.add(client.upload("/h1/up", each));
      for (CompletableFuture<H2BulkClient.Result> call : calls) {
        assertThat(await(call, client).status()).isEqualTo(200);
      }
    }
    assertThat(h2.uploads()).hasSize(4).allMatch(u -> u.length() == each && u.sha256().equals(sha));
    assertThat(a.requests().getFirst().bodySha256()).isEqualTo(sha);
  }

  @Test
  void h2UploadIsPushedBackByAPausedH2cOriginAndCompletesOnceItReads() throws Exception {
    String sha = PatternStream.sha256(SIZE);
    h2.pauseNewStreams();
    try (H2BulkClient client = new H2BulkClient(port)) {
      CompletableFuture<H2BulkClient.Result> call = client.upload("/h2/paused", SIZE);
      long paused = quiet(client::bytesSent);
      assertThat(paused)
          .as("bytes the client could send while the h2c origin reads nothing")
          .isGreaterThan(0)
          .isLessThan(1024 * 1024);
      assertThat(h2.bytesReceived()).as("bytes the paused origin took").isLessThan(256 * 1024);
      h2.resume();
      H2BulkClient.Result r = await(call, client);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.prefix()).isEqualTo("received " + SIZE + " " + sha);
    }
  }

  @Test
  void http1ClientUploadsSixteenMebibytesToAnH2cOrigin() throws Exception {
    String sha = PatternStream.sha256(SIZE);
    HttpResponse<String> response =
        http1()
            .sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/h2/up1"))
                    .POST(
                        HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(SIZE)),
                            SIZE))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .get(TRANSFER.toSeconds(), TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("received " + SIZE + " " + sha);
    assertThat(h2.uploads()).containsExactly(new BulkH2cOrigin.Upload("/h2/up1", SIZE, sha));
  }

  // --- downloads ----------------------------------------------------------------------------

  @Test
  void h2cOriginSendsSixteenMebibytesToAnH2Client() throws Exception {
    try (H2BulkClient client = new H2BulkClient(port)) {
      H2BulkClient.Result r = await(client.download("/down/" + SIZE), client);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.length()).isEqualTo(SIZE);
      assertThat(r.sha256()).isEqualTo(PatternStream.sha256(SIZE));
    }
  }

  @Test
  void http1OriginSendsSixteenMebibytesToAnH2Client() throws Exception {
    try (H2BulkClient client = new H2BulkClient(port)) {
      H2BulkClient.Result r = await(client.download("/big/" + SIZE), client);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.length()).isEqualTo(SIZE);
      assertThat(r.sha256()).isEqualTo(PatternStream.sha256(SIZE));
    }
  }

  @Test
  void h2cOriginSendsSixteenMebibytesToAnHttp1Client() throws Exception {
    HttpResponse<InputStream> response =
        http1()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/down/" + SIZE))
                    .timeout(TRANSFER)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
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

  // -------------------------------------------------------------------------------------------

  private static HttpClient http1() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** The value once it stopped changing for 300 ms (the transfer is pushed back). */
  private static long quiet(java.util.function.LongSupplier value) {
    long[] last = {-1};
    long[] since = {System.nanoTime()};
    Eventually.await(
        Duration.ofSeconds(10),
        () -> {
          long now = value.getAsLong();
          if (now != last[0]) {
            last[0] = now;
            since[0] = System.nanoTime();
          }
          return System.nanoTime() - since[0] > 300_000_000L;
        },
        "the upload to stall");
    return last[0];
  }

  /** The result within {@link #TRANSFER}; on a stall, says how far each side got. */
  private H2BulkClient.Result await(
      CompletableFuture<H2BulkClient.Result> call, H2BulkClient client) throws Exception {
    try {
      return call.get(TRANSFER.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "transfer stalled: client sent "
              + client.bytesSent()
              + " bytes, h2c origin received "
              + h2.bytesReceived()
              + ", http/1.1 origin recorded "
              + a.requests().size()
              + " requests",
          e);
    }
  }
}
