package dev.sluice.proxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;
import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.StreamRoute;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.ir.UpstreamTls;
import dev.sluice.proxy.testing.Tls;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TCP backends with TLS settings: the stream proxy originates TLS to them (re-encryption). */
class TcpTlsOriginationTest {

  private final CertificateAuthority ca = CertificateAuthority.create("backend-ca");
  private final IssuedCertificate cert = ca.issueServer("backend.internal");
  private EventLoopGroup group;
  private Channel listener;
  private TlsEchoOrigin origin;
  private final AtomicReference<StreamRouteTable> table =
      new AtomicReference<>(StreamRouteTable.compile(List.of()));

  @BeforeEach
  void start() throws Exception {
    group = Transports.nio().newGroup(1);
    StreamProxy proxy = new StreamProxy(Transports.nio(), Duration.ofSeconds(2));
    listener = proxy.bindTcp(group, new InetSocketAddress("127.0.0.1", 0), table::get);
  }

  @AfterEach
  void stop() {
    listener.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    if (origin != null) {
      origin.close();
    }
  }

  @AfterAll
  static void leaks() {
    Transports.flushLeakReports();
  }

  private void routeTo(UpstreamTls tls) {
    BackendRef ref =
        new BackendRef(
            new Backend.Service(
                "default/tls-echo",
                List.of(origin.endpoint()),
                UpstreamProtocol.HTTP1,
                Optional.of(tls)),
            1,
            List.of());
    RouteKey key = new RouteKey("TCPRoute", "default", "r", 0, Optional.empty(), 0);
    table.set(StreamRouteTable.compile(List.of(new StreamRoute(key, List.of(), List.of(ref)))));
  }

  private UpstreamTls tls(String serverName, CertificateAuthority trusted) {
    return new UpstreamTls(
        serverName, List.of(trusted.rootCertificatePem()), List.of(), Optional.empty());
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(listener.localAddress(), 2_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  @Test
  void relaysInsideTlsWithTheConfiguredServerName() throws Exception {
    origin = new TlsEchoOrigin(cert, Optional.empty());
    routeTo(tls("backend.internal", ca));
    try (Socket socket = connect()) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("tls sni=backend.internal client=none");
      socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("ping");
    }
  }

  @Test
  void presentsTheGatewayClientCertificate() throws Exception {
    CertificateAuthority clientCa = CertificateAuthority.create("client-ca");
    origin = new TlsEchoOrigin(cert, Optional.of(clientCa));
    IssuedCertificate gateway = clientCa.issueClient("gateway.client");
    routeTo(
        new UpstreamTls(
            "backend.internal",
            List.of(ca.rootCertificatePem()),
            List.of(),
            Optional.of(Tls.pair("default/gateway-client", gateway))));
    try (Socket socket = connect()) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("tls sni=backend.internal client=").contains("gateway");
    }
  }

  @Test
  void serverNameMismatchClosesTheDownstream() throws Exception {
    origin = new TlsEchoOrigin(cert, Optional.empty());
    routeTo(tls("other.internal", ca));
    assertClosedWithoutData();
    assertThat(origin.handshakes()).isEmpty();
  }

  @Test
  void untrustedCertificateClosesTheDownstream() throws Exception {
    origin = new TlsEchoOrigin(cert, Optional.empty());
    routeTo(tls("backend.internal", CertificateAuthority.create("other-ca")));
    assertClosedWithoutData();
    assertThat(origin.handshakes()).isEmpty();
  }

  private void assertClosedWithoutData() throws IOException {
    Socket connected;
    try {
      connected = connect();
    } catch (SocketException reset) {
      // The proxy can refuse the upstream and reset the downstream before connect() returns.
      return;
    }
    try (Socket socket = connected) {
      socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
      int read;
      try {
        read = socket.getInputStream().read();
      } catch (SocketException reset) {
        read = -1;
      }
      assertThat(read).isEqualTo(-1);
    }
  }
}
