package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;
import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.ir.UpstreamTls;
import dev.sluice.proxy.testing.H2Client;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.upstream.TlsH2Origin;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** H2C-protocol backends with TLS: HTTP/2 over TLS with ALPN {@code h2}, multiplexed. */
class ProxyUpstreamH2TlsTest extends ProxyTestBase {

  private final CertificateAuthority ca = CertificateAuthority.create("backend-ca");
  private final IssuedCertificate cert = ca.issueServer("grpc.internal");
  private TlsH2Origin origin;

  @AfterEach
  void stopOrigin() {
    if (origin != null) {
      origin.close();
    }
  }

  private int gatewayTo(TlsH2Origin backend, String serverName) {
    UpstreamTls tls =
        new UpstreamTls(serverName, List.of(ca.rootCertificatePem()), List.of(), Optional.empty());
    BackendRef ref =
        new BackendRef(
            new Backend.Service(
                "default/grpc",
                List.of(backend.endpoint()),
                UpstreamProtocol.H2C,
                Optional.of(tls)),
            1,
            List.of());
    int port = freePort();
    apply(gateway(listener(port, anyHost(route("r", prefix("/"), List.of(), List.of(ref))))));
    return port;
  }

  private static FullHttpRequest post(String path, String body) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            path,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    request.headers().set("host", "front.test");
    return request;
  }

  @Test
  void http1ClientReachesAnH2BackendOverTls() throws Exception {
    origin = new TlsH2Origin(cert, List.of("h2"));
    int port = gatewayTo(origin, "grpc.internal");
    RawHttp.Response r = get(port, "front.test", "/svc/Method");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).startsWith("h2 GET /svc/Method via h2");
    assertThat(origin.protocols()).containsExactly("h2");
  }

  @Test
  void concurrentStreamsShareOneTlsConnectionAndKeepTrailers() throws Exception {
    origin = new TlsH2Origin(cert, List.of("h2"));
    int port = gatewayTo(origin, "grpc.internal");
    try (H2Client client = new H2Client(port)) {
      // Warm up: the first request opens the upstream connection on the client's event loop.
      client.exchange(post("/warm", "")).release();
      List<CompletableFuture<FullHttpResponse>> pending = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        pending.add(client.send(post("/svc/" + i, "m" + i)));
      }
      for (int i = 0; i < 20; i++) {
        FullHttpResponse response = pending.get(i).get(10, TimeUnit.SECONDS);
        try {
          assertThat(response.status().code()).isEqualTo(200);
          assertThat(response.content().toString(StandardCharsets.UTF_8))
              .isEqualTo("h2 POST /svc/" + i + " via h2 body m" + i);
          assertThat(response.trailingHeaders().get("grpc-status")).isEqualTo("0");
        } finally {
          response.release();
        }
      }
    }
    assertThat(origin.connections()).isEqualTo(1);
  }

  @Test
  void backendWithoutH2IsA502NamingAlpn() throws Exception {
    origin = new TlsH2Origin(cert, List.of());
    int port = gatewayTo(origin, "grpc.internal");
    RawHttp.Response r = get(port, "front.test", "/svc/Method");
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.body()).contains("did not negotiate ALPN h2");
  }

  @Test
  void backendOfferingOnlyHttp1IsA502() throws Exception {
    origin = new TlsH2Origin(cert, List.of("http/1.1"));
    int port = gatewayTo(origin, "grpc.internal");
    RawHttp.Response r = get(port, "front.test", "/svc/Method");
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.body()).contains("TLS handshake failed");
  }

  @Test
  void wrongServerNameIsA502() throws Exception {
    origin = new TlsH2Origin(cert, List.of("h2"));
    int port = gatewayTo(origin, "other.internal");
    RawHttp.Response r = get(port, "front.test", "/svc/Method");
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.body()).contains("TLS handshake failed");
    assertThat(origin.protocols()).isEmpty();
  }
}
