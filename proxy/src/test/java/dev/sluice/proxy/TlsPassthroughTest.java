package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.ListenerKey;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.StreamRoute;
import dev.sluice.ir.VirtualHost;
import dev.sluice.ir.VirtualHostType;
import dev.sluice.proxy.TlsClientHello.Answer;
import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * G6: a passthrough listener hands a connection only to the backend its SNI selects (or the
 * configured catch-all); no SNI or an unknown SNI without a catch-all is closed, and non-TLS bytes
 * (G10) are closed even when a catch-all exists, never forwarded.
 */
class TlsPassthroughTest extends ProxyTestBase {

  private final int port = freePort();
  private final int catchAllPort = freePort();
  private Recorder pass;
  private Recorder fallback;

  @BeforeEach
  void listen() throws IOException {
    pass = new Recorder("pass");
    fallback = new Recorder("fallback");
    apply(
        gateway(
            Tls.tlsListener(port, passthrough(Optional.of("pass.test"), pass)),
            Tls.tlsListener(catchAllPort, passthrough(Optional.empty(), fallback))));
  }

  @AfterEach
  void stopBackends() throws IOException {
    pass.close();
    fallback.close();
  }

  @Test
  void g6_theNamedBackendGetsTheClientHello() throws Exception {
    assertForwarded(port, Optional.of("pass.test"), pass);
  }

  @Test
  void g6_noSniOrAnUnknownSniIsClosedAndNoBackendIsDialled() throws Exception {
    for (Optional<String> sni : List.of(Optional.<String>empty(), Optional.of("other.test"))) {
      Answer answer = TlsClientHello.exchange(port, hello(sni));
      assertThat(answer).as("SNI %s", sni).isEqualTo(new Answer.Closed());
    }
    assertThat(pass.firstBytes).isEmpty();
    assertThat(fallback.firstBytes).isEmpty();
    assertForwarded(port, Optional.of("pass.test"), pass);
  }

  @Test
  void g6_withACatchAllRouteNoSniGoesToTheConfiguredDefault() throws Exception {
    assertForwarded(catchAllPort, Optional.empty(), fallback);
    assertThat(pass.firstBytes).isEmpty();
  }

  @Test
  void g10_plainHttpOrGarbageIsClosedEvenWithACatchAllRoute() throws Exception {
    byte[][] inputs = {
      "GET / HTTP/1.1\r\nHost: pass.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
      // A TLS application-data record, and a non-ClientHello handshake message (ServerHello).
      {0x17, 0x03, 0x03, 0x00, 0x02, 0x01, 0x02},
      {0x16, 0x03, 0x03, 0x00, 0x06, 0x02, 0x00, 0x00, 0x02, 0x03, 0x03},
    };
    for (byte[] input : inputs) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), catchAllPort)) {
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(input);
        assertThat(TlsClientHello.read(socket.getInputStream())).isEqualTo(new Answer.Closed());
      }
    }
    assertThat(fallback.firstBytes).isEmpty();
    assertForwarded(catchAllPort, Optional.empty(), fallback);
  }

  private void assertForwarded(int listener, Optional<String> sni, Recorder backend)
      throws IOException {
    int before = backend.firstBytes.size();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener)) {
      socket.getOutputStream().write(hello(sni));
      Eventually.await(
          Duration.ofSeconds(5),
          () -> backend.firstBytes.size() > before,
          backend.name + " received the ClientHello");
    }
    byte[] first = backend.firstBytes.get(before);
    assertThat(first[0]).as("a TLS handshake record").isEqualTo((byte) 0x16);
    sni.ifPresent(
        name -> assertThat(new String(first, StandardCharsets.ISO_8859_1)).contains(name));
  }

  private static byte[] hello(Optional<String> sni) {
    return TlsClientHello.of(TlsClientHello.TLS12, sni, 0xC02B, 0xC02F);
  }

  private static VirtualHost passthrough(Optional<String> hostname, Recorder backend) {
    var service =
        new Backend.Service(
            "default/" + backend.name,
            List.of(new dev.sluice.ir.Endpoint("127.0.0.1", backend.port())));
    StreamRoute route =
        new StreamRoute(
            new RouteKey("TLSRoute", "default", backend.name, 0, Optional.empty(), 0),
            hostname.map(List::of).orElse(List.of()),
            List.of(new BackendRef(service, 1, List.of())));
    return new VirtualHost(
        new ListenerKey("default", "gw", hostname.orElse("any")),
        hostname,
        List.of(),
        VirtualHostType.TLS_PASSTHROUGH,
        Optional.empty(),
        List.of(route));
  }

  /** A TCP backend recording the first bytes of every connection, then closing it. */
  private static final class Recorder implements AutoCloseable {
    final String name;
    final List<byte[]> firstBytes = new CopyOnWriteArrayList<>();
    private final ServerSocket server;

    Recorder(String name) throws IOException {
      this.name = name;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(this::accept);
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          socket.setSoTimeout(5_000);
          InputStream in = socket.getInputStream();
          byte[] buffer = new byte[4096];
          int n = in.read(buffer);
          firstBytes.add(java.util.Arrays.copyOf(buffer, Math.max(n, 0)));
        } catch (IOException e) {
          // closed, or a client that went away
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
