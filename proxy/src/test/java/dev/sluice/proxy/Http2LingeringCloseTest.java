package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.ClientLimits;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.VirtualHost;
import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.RawH2;
import dev.sluice.proxy.testing.Tls;
import dev.sluice.proxy.transport.LingeringClose;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The lingering close of HTTP/2 client connections ({@link LingeringClose}), over real sockets with
 * h2c prior knowledge and h2 over TLS. The connection is drained by its request budget ({@code
 * maxRequestsPerConnection = 1}): the first stream is served, {@code GOAWAY(last-stream-id 1)} goes
 * out, and the connection closes once that stream is done. The client then opens stream 3 the way a
 * client whose request crossed the {@code GOAWAY} would, and must see the {@code GOAWAY} and a
 * clean end of stream (never a reset), while the proxy processes nothing of stream 3. Without the
 * lingering close, the proxy's socket is closed by then: the client's bytes are answered with a TCP
 * reset, and the client's next write fails.
 */
class Http2LingeringCloseTest extends TlsTestBase {

  private static final String FIRST = "/linger/first";
  private static final String CROSSED = "/linger/crossed";

  private void serve(ListenerProtocol protocol) {
    ClientLimits oneRequest =
        new LimitsBuilder(ClientLimits.DEFAULTS).maxRequestsPerConnection(1).build();
    VirtualHost host =
        protocol == ListenerProtocol.TLS
            ? httpsHost("a.test", serverTls(Optional.empty()), a)
            : anyHost(route("r", prefix("/"), List.of(), List.of(to(a))));
    apply(
        gateway(
            new Listener(
                "127.0.0.1:" + port, "127.0.0.1", port, protocol, List.of(host), oneRequest)));
  }

  /** A cleartext connection speaking HTTP/2 with prior knowledge. */
  private Socket cleartext() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(10_000);
    return socket;
  }

  /**
   * A TLS connection that negotiated {@code h2}, over {@code tcp} (kept so the test can write below
   * TLS once the proxy has closed its side).
   */
  private SSLSocket tls(Socket tcp) throws Exception {
    SSLSocket socket =
        (SSLSocket)
            Tls.presenting(PKI.root(), Optional.empty())
                .getSocketFactory()
                .createSocket(tcp, "127.0.0.1", port, true);
    SSLParameters params = socket.getSSLParameters();
    params.setServerNames(List.of(new SNIHostName("a.test")));
    params.setApplicationProtocols(new String[] {"h2"});
    socket.setSSLParameters(params);
    socket.startHandshake();
    assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
    return socket;
  }

  /**
   * Serves stream 1 on {@code connection}, reads up to the end of its response (the {@code GOAWAY}
   * comes first), then opens stream 3 as a client that has not seen the {@code GOAWAY} yet and
   * reads on: the rest must be a clean end of stream.
   *
   * @return the frames read, {@code GOAWAY} included
   */
  private List<RawH2.Frame> crossStreams(Socket connection) throws IOException {
    RawH2 h2 = new RawH2(connection, true);
    h2.headers(1, RawH2.get(FIRST).authority("a.test"), true);
    List<RawH2.Frame> frames = new ArrayList<>();
    boolean firstDone = false;
    while (!firstDone) {
      RawH2.Frame frame = h2.readOrEnd().orElseThrow(() -> new AssertionError("closed: " + frames));
      frames.add(frame);
      firstDone = frame.stream() == 1 && (frame.flags() & RawH2.END_STREAM) != 0;
    }
    h2.headers(3, RawH2.get(CROSSED).authority("a.test"), true);
    for (Optional<RawH2.Frame> f = h2.readOrEnd(); f.isPresent(); f = h2.readOrEnd()) {
      frames.add(f.get());
    }
    return frames;
  }

  private static RawH2.Frame goaway(List<RawH2.Frame> frames) {
    return frames.stream()
        .filter(f -> f.type() == RawH2.GOAWAY)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no GOAWAY in " + frames));
  }

  private void assertCrossedStreamNotProcessed() {
    assertThat(a.requests()).as("served").anyMatch(r -> r.uri().equals(FIRST));
    assertThat(a.requests()).noneMatch(r -> r.uri().equals(CROSSED));
  }

  @Test
  void cleartextStreamOpenedAfterGoawayGetsTheGoawayAndACleanCloseNotAReset() throws Exception {
    serve(ListenerProtocol.HTTP);
    try (Socket socket = cleartext()) {
      List<RawH2.Frame> frames = crossStreams(socket);
      RawH2.Frame goaway = goaway(frames);
      assertThat(goaway.errorCode()).isEqualTo(RawH2.NO_ERROR);
      assertThat(goaway.u32(0)).as("last-stream-id").isEqualTo(1);
      assertThat(frames).noneMatch(f -> f.stream() == 3);
      // The proxy still reads (and drops) what this client sends: no reset answers it.
      OutputStream out = socket.getOutputStream();
      out.write(ping());
      out.flush();
      assertThat(proxy.openConnections()).as("lingering until the client closes").isEqualTo(1);
    }
    Eventually.await(
        Duration.ofMillis(1500), () -> proxy.openConnections() == 0, "closed after the client");
    assertCrossedStreamNotProcessed();
  }

  @Test
  void tlsStreamOpenedAfterGoawayGetsTheGoawayCloseNotifyAndACleanClose() throws Exception {
    serve(ListenerProtocol.TLS);
    Socket tcp = new Socket();
    tcp.connect(new InetSocketAddress("127.0.0.1", port));
    tcp.setSoTimeout(10_000);
    try (SSLSocket socket = tls(tcp)) {
      List<RawH2.Frame> frames = crossStreams(socket);
      RawH2.Frame goaway = goaway(frames);
      assertThat(goaway.errorCode()).isEqualTo(RawH2.NO_ERROR);
      assertThat(goaway.u32(0)).as("last-stream-id").isEqualTo(1);
      assertThat(frames).noneMatch(f -> f.stream() == 3);
      // close_notify ended the TLS stream (EOF); below TLS the proxy still reads and drops.
      tcp.getOutputStream().write(new byte[4096]);
      tcp.getOutputStream().flush();
      assertThat(proxy.openConnections()).as("lingering until the client closes").isEqualTo(1);
    }
    Eventually.await(
        Duration.ofMillis(1500), () -> proxy.openConnections() == 0, "closed after the client");
    assertCrossedStreamNotProcessed();
  }

  @Test
  void aClientThatNeverClosesIsClosedAfterTheLingerTimeout() throws Exception {
    serve(ListenerProtocol.HTTP);
    try (Socket socket = cleartext()) {
      crossStreams(socket);
      long eof = System.nanoTime();
      assertThat(proxy.openConnections()).as("lingering").isEqualTo(1);
      Eventually.await(
          LingeringClose.TIMEOUT.plusSeconds(3),
          () -> proxy.openConnections() == 0,
          "closed at the linger timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - eof))
          .as("kept until the timeout")
          .isGreaterThan(LingeringClose.TIMEOUT.dividedBy(2));
    }
    assertCrossedStreamNotProcessed();
  }

  @Test
  void aClientFloodingWhileLingeringIsReadAndDroppedAndStillClosedAtTheTimeout() throws Exception {
    serve(ListenerProtocol.HTTP);
    try (Socket socket = cleartext()) {
      crossStreams(socket);
      // 32 MiB, far beyond what socket buffers hold: the writes complete only because the proxy
      // keeps reading, and what it reads is released at once (the tests run with the paranoid
      // leak detector). DATA on stream 3, which the codec would refuse: it never sees them.
      byte[] chunk = new byte[16 * 1024 + 9];
      chunk[2] = 0x40; // length 16384
      chunk[3] = (byte) RawH2.DATA;
      chunk[8] = 3;
      OutputStream out = socket.getOutputStream();
      long written = 0;
      while (written < 32L << 20) {
        out.write(chunk);
        written += chunk.length;
      }
      out.flush();
      assertThat(proxy.openConnections()).as("still lingering").isEqualTo(1);
      Eventually.await(
          LingeringClose.TIMEOUT.plusSeconds(3),
          () -> proxy.openConnections() == 0,
          "closed at the linger timeout");
    }
    assertCrossedStreamNotProcessed();
    assertThat(a.requests()).hasSize(1);
  }

  private static byte[] ping() {
    byte[] frame = new byte[9 + 8];
    frame[2] = 8;
    frame[3] = (byte) RawH2.PING;
    return frame;
  }
}
