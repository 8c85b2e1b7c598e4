package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * E4 of reliability-security.md §4 at scale: 10,000 clients that send half a request head and stall
 * against a listener capped at 500 connections. The excess is refused at once, memory stays
 * bounded, the held connections time out at the head deadline, and a fresh client is served. The
 * clients live in the same JVM, so the heap bound covers their sockets and virtual threads too.
 */
class OverloadTest extends ProxyTestBase {

  private static final int CAP = 500;
  private static final int CLIENTS = 10_000;
  private static final Duration HEAD_DEADLINE = Duration.ofSeconds(4);
  private static final long HEAP_BOUND = 96L * 1024 * 1024;
  private static final byte[] HALF_HEAD =
      "GET /slow HTTP/1.1\r\nHost: x.test\r\nX-Pa".getBytes(StandardCharsets.US_ASCII);

  private final int port = freePort();

  /** How one slow client ended: a status (or -1 for a close without one) and how long it took. */
  record Fate(int status, boolean retryAfter, long afterConnectNanos) {}

  @Test
  void excessSlowClientsAreRefusedQuicklyAndMemoryStaysBounded() throws Exception {
    assumeTrue(
        maxFileDescriptors() > CLIENTS + CAP + 2_000,
        "needs an open-file limit above " + (CLIENTS + CAP + 2_000) + " (ulimit -n)");
    var limits =
        ClientLimitsTest.limits(l -> l.maxConnections(CAP).requestHeadersTimeout(HEAD_DEADLINE));
    var any = anyHost(route("all", prefix("/"), List.of(), List.of(to(a))));
    apply(
        gateway(
            new Listener(
                "127.0.0.1:" + port,
                "127.0.0.1",
                port,
                ListenerProtocol.HTTP,
                List.of(any),
                limits)));
    long heapBefore = usedHeapAfterGc();

    ConcurrentLinkedQueue<Fate> fates = new ConcurrentLinkedQueue<>();
    CountDownLatch ended = new CountDownLatch(CLIENTS);
    List<Socket> sockets = new ArrayList<>(CLIENTS);
    try {
      // Opening 10,000 connections takes longer than the head deadline: held connections time
      // out and free their slots for later clients, so the cap bounds concurrency, not the total.
      int mostOpen = 0;
      for (int i = 0; i < CLIENTS; i++) {
        sockets.add(slowClient(fates, ended));
        mostOpen = Math.max(mostOpen, proxy.openConnections());
      }
      assertThat(mostOpen).as("connections held at once").isBetween(1, CAP);
      long heapPeak = usedHeapAfterGc();
      assertThat(ended.await(HEAD_DEADLINE.toSeconds() + 20, TimeUnit.SECONDS))
          .as("every slow client answered or closed")
          .isTrue();
      assertFates(List.copyOf(fates));
      assertThat(heapPeak - heapBefore)
          .as("heap growth with %d slow clients", CLIENTS)
          .isLessThan(HEAP_BOUND);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    Eventually.await(Duration.ofSeconds(10), () -> proxy.openConnections() == 0, "all slots freed");
    assertThat(usedHeapAfterGc() - heapBefore).as("heap growth after").isLessThan(HEAP_BOUND / 2);
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response ok = http.exchange("GET /after HTTP/1.1\r\nHost: x.test\r\n\r\n");
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("a GET /after");
    }
    assertThat(a.requests()).as("no half head was forwarded").hasSize(1);
  }

  private void assertFates(List<Fate> fates) {
    long deadline = HEAD_DEADLINE.toNanos();
    List<Fate> refused =
        fates.stream()
            .filter(
                f -> f.status() == 503 || (f.status() == -1 && f.afterConnectNanos() < deadline))
            .toList();
    List<Fate> timedOut = fates.stream().filter(f -> f.status() == 408).toList();
    assertThat(fates).hasSize(CLIENTS);
    assertThat(timedOut).as("held connections, answered at the head deadline").isNotEmpty();
    assertThat(refused.size() + timedOut.size())
        .as("every client refused or timed out")
        .isEqualTo(CLIENTS);
    assertThat(refused)
        .as("refused well before the head deadline")
        .allMatch(f -> f.afterConnectNanos() < deadline / 2);
    assertThat(refused.stream().filter(f -> f.status() == 503))
        .as("503s carry Retry-After")
        .allMatch(Fate::retryAfter);
    assertThat(timedOut)
        .as("held connections are not answered before the head deadline")
        .allMatch(f -> f.afterConnectNanos() >= deadline - Duration.ofMillis(100).toNanos());
  }

  /** Connects, sends half a head, and reads the fate on a virtual thread. */
  private Socket slowClient(ConcurrentLinkedQueue<Fate> fates, CountDownLatch ended)
      throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    long connected = System.nanoTime();
    try {
      socket.getOutputStream().write(HALF_HEAD);
    } catch (IOException refusedBeforeWrite) {
      fates.add(new Fate(-1, false, System.nanoTime() - connected));
      ended.countDown();
      return socket;
    }
    Thread.ofVirtual()
        .start(
            () -> {
              fates.add(readFate(socket, connected));
              ended.countDown();
            });
    return socket;
  }

  private static Fate readFate(Socket socket, long connected) {
    try {
      socket.setSoTimeout((int) HEAD_DEADLINE.toMillis() + 15_000);
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(512), StandardCharsets.ISO_8859_1);
      long after = System.nanoTime() - connected;
      if (!head.startsWith("HTTP/1.1 ")) {
        return new Fate(-1, false, after);
      }
      int status = Integer.parseInt(head.substring(9, 12));
      return new Fate(
          status, head.toLowerCase(java.util.Locale.ROOT).contains("\nretry-after:"), after);
    } catch (IOException e) {
      return new Fate(-1, false, System.nanoTime() - connected);
    }
  }

  private static long maxFileDescriptors() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount()
        : Long.MAX_VALUE;
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
