package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;
import dev.sluice.ir.ClientLimits;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.VirtualHost;
import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.RawH2;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.Tls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each {@code ClientLimits} field enforced on real sockets, and the proxy still serving after. */
class ClientLimitsTest extends ProxyTestBase {

  private final int port = freePort();

  /** Defaults with some fields replaced. */
  static ClientLimits limits(UnaryOperator<LimitsBuilder> change) {
    return change.apply(new LimitsBuilder(ClientLimits.DEFAULTS)).build();
  }

  private void serve(ClientLimits limits) {
    apply(gateway(httpListener(port, limits)));
  }

  Listener httpListener(int at, ClientLimits limits) {
    VirtualHost any = anyHost(route("r", prefix("/"), List.of(), List.of(to(a))));
    return new Listener(
        "127.0.0.1:" + at, "127.0.0.1", at, ListenerProtocol.HTTP, List.of(any), limits);
  }

  private void stillServes() throws IOException {
    RawHttp.Response ok = get(port, "x.test", "/after");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("a GET /after");
  }

  @Test
  void requestLineOverTheLimitIs414AndCloses() throws IOException {
    serve(limits(l -> l.maxRequestLineBytes(256)));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange("GET /" + "a".repeat(300) + " HTTP/1.1\r\nHost: x.test\r\n\r\n");
      assertThat(r.status()).isEqualTo(414);
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(http.closedByPeer()).isTrue();
    }
    assertThat(get(port, "x.test", "/" + "a".repeat(200)).status()).isEqualTo(200);
    assertThat(a.requests()).hasSize(1);
  }

  @Test
  void headerBytesOverTheLimitAre431AndClose() throws IOException {
    serve(limits(l -> l.maxHeaderBytes(1024)));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "GET / HTTP/1.1\r\nHost: x.test\r\nX-Big: " + "b".repeat(2000) + "\r\n\r\n");
      assertThat(r.status()).isEqualTo(431);
      assertThat(http.closedByPeer()).isTrue();
    }
    stillServes();
    assertThat(a.requests()).hasSize(1);
  }

  @Test
  void headerCountOverTheLimitIs431AndCloses() throws IOException {
    serve(limits(l -> l.maxHeaderCount(5)));
    StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: x.test\r\n");
    for (int i = 0; i < 10; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.exchange(many.append("\r\n").toString());
      assertThat(r.status()).isEqualTo(431);
      assertThat(r.body()).contains("11 request headers (expected: at most 5)");
      assertThat(http.closedByPeer()).isTrue();
    }
    stillServes();
    assertThat(a.requests()).hasSize(1);
  }

  @Test
  void slowRequestHeadGets408AndCloses() throws IOException {
    serve(limits(l -> l.requestHeadersTimeout(Duration.ofMillis(300))));
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /slowloris HTTP/1.1\r\nHost: x.test\r\n");
      long start = System.nanoTime();
      RawHttp.Response r = http.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(http.closedByPeer()).isTrue();
    }
    try (Socket silent = new Socket("127.0.0.1", port);
        RawHttp http = new RawHttp(silent)) {
      // Nothing sent at all: the deadline runs from accept.
      assertThat(http.read().status()).isEqualTo(408);
    }
    stillServes();
    assertThat(a.requests()).hasSize(1);
  }

  @Test
  void keepAliveConnectionIsNotTimedOutByTheHeadDeadlineButClosedWhenIdle() throws IOException {
    serve(
        limits(
            l ->
                l.requestHeadersTimeout(Duration.ofMillis(200))
                    .idleTimeout(Duration.ofMillis(800))));
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /1 HTTP/1.1\r\nHost: x.test\r\n\r\n").status()).isEqualTo(200);
      long start = System.nanoTime();
      assertThat(http.closedByPeer()).isTrue();
      Duration idle = Duration.ofNanos(System.nanoTime() - start);
      // Closed by the idle timer (no 408 was written: closedByPeer read EOF as the first byte).
      assertThat(idle).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
    stillServes();
  }

  @Test
  void connectionsOverTheListenerCapAreRefusedWith503() throws IOException {
    serve(limits(l -> l.maxConnections(2)));
    RawHttp first = new RawHttp(port);
    RawHttp second = new RawHttp(port);
    try {
      assertThat(first.exchange("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      assertThat(second.exchange("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      try (RawHttp third = new RawHttp(port)) {
        RawHttp.Response refused = third.read();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("retry-after")).isEqualTo("1");
        assertThat(third.closedByPeer()).isTrue();
      }
    } finally {
      first.close();
    }
    Eventually.await(Duration.ofSeconds(5), () -> proxy.openConnections() < 2, "a free slot");
    stillServes();
    second.close();
  }

  @Test
  void proxyWideCapRefusesAcrossListeners() throws IOException {
    proxy.close();
    proxy =
        ProxyServer.create(new ProxyOptions(1, Duration.ofSeconds(2), Duration.ofSeconds(2), 1));
    int other = freePort();
    apply(
        gateway(
            httpListener(port, ClientLimits.DEFAULTS), httpListener(other, ClientLimits.DEFAULTS)));
    try (RawHttp held = new RawHttp(port)) {
      assertThat(held.exchange("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      try (RawHttp refused = new RawHttp(other)) {
        assertThat(refused.read().status()).isEqualTo(503);
      }
    }
    Eventually.await(Duration.ofSeconds(5), () -> proxy.openConnections() == 0, "slots freed");
    assertThat(get(other, "x", "/after").status()).isEqualTo(200);
  }

  @Test
  void reloadedLimitsApplyToNewConnectionsOnly() throws IOException {
    serve(limits(l -> l.maxHeaderCount(5)));
    String tenHeaders =
        "GET / HTTP/1.1\r\nHost: x\r\n"
            + "A: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\nF: 1\r\nG: 1\r\nH: 1\r\nI: 1\r\n\r\n";
    try (RawHttp old = new RawHttp(port)) {
      assertThat(old.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      serve(limits(l -> l.maxHeaderCount(50)));
      try (RawHttp fresh = new RawHttp(port)) {
        assertThat(fresh.exchange(tenHeaders).status()).isEqualTo(200);
      }
      assertThat(old.exchange(tenHeaders).status()).isEqualTo(431);
    }
  }

  @Test
  void http2SettingsAndConnectionWindowComeFromTheLimits() throws IOException {
    serve(
        limits(
            l ->
                l.http2MaxConcurrentStreams(7)
                    .http2MaxHeaderListBytes(2048)
                    .http2InitialStreamWindowBytes(32768)
                    .http2ConnectionWindowBytes(1 << 20)));
    try (RawH2 h2 = new RawH2(port)) {
      RawH2.Frame settings = h2.readUntil(RawH2.SETTINGS).orElseThrow();
      java.util.Map<Integer, Long> values = new java.util.HashMap<>();
      for (int i = 0; i + 6 <= settings.payload().length; i += 6) {
        int id = (settings.payload()[i] & 0xff) << 8 | settings.payload()[i + 1] & 0xff;
        values.put(id, settings.u32(i + 2));
      }
      assertThat(values).containsEntry(3, 7L).containsEntry(4, 32768L).containsEntry(6, 2048L);
      long window = 65535;
      while (window < (1 << 20)) {
        RawH2.Frame update = h2.readUntil(RawH2.WINDOW_UPDATE).orElseThrow();
        if (update.stream() == 0) {
          window += update.u32(0);
        }
      }
      assertThat(window).isEqualTo(1 << 20);
    }
    stillServes();
  }

  @Test
  void idleHttp2ConnectionGetsGoawayThenClose() throws IOException {
    serve(limits(l -> l.idleTimeout(Duration.ofMillis(300))));
    try (RawH2 h2 = new RawH2(port)) {
      RawH2.Frame goaway = h2.readUntil(RawH2.GOAWAY).orElseThrow();
      assertThat(goaway.errorCode()).isZero();
      assertThat(h2.closedByPeer()).isTrue();
    }
    stillServes();
  }

  @Test
  void tlsClientHelloOverTheLimitAndHandshakeStallAreClosed() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("limits-ca");
    IssuedCertificate cert = ca.issueServer("t.test");
    ClientLimits tight =
        limits(l -> l.maxClientHelloBytes(512).tlsHandshakeTimeout(Duration.ofMillis(300)));
    VirtualHost https =
        Tls.https(
            Optional.empty(),
            Tls.termination(cert),
            route("r", prefix("/"), List.of(), List.of(to(a))));
    apply(
        gateway(
            new Listener(
                "127.0.0.1:" + port,
                "127.0.0.1",
                port,
                ListenerProtocol.TLS,
                List.of(https),
                tight)));
    try (Socket raw = new Socket("127.0.0.1", port);
        RawHttp http = new RawHttp(raw)) {
      OutputStream out = raw.getOutputStream();
      // A handshake record announcing a 16 KiB ClientHello (over the 512-byte bound), then a
      // trickle.
      out.write(new byte[] {0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x3f, (byte) 0xfc});
      out.write(new byte[64]);
      out.flush();
      assertThat(http.closedByPeer()).isTrue();
    }
    try (Socket stall = new Socket("127.0.0.1", port);
        RawHttp http = new RawHttp(stall)) {
      long start = System.nanoTime();
      assertThat(http.closedByPeer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
    try (var s =
        Tls.connect(Tls.clientContext(ca, Optional.empty()), port, Optional.of("t.test"))) {
      RawHttp http = new RawHttp(s);
      assertThat(http.exchange("GET /tls HTTP/1.1\r\nHost: t.test\r\n\r\n").status())
          .isEqualTo(200);
    }
  }
}
