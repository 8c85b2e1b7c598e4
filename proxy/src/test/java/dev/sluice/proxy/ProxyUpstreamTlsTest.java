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
import dev.sluice.identity.TlsContexts;
import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.ir.UpstreamTls;
import dev.sluice.ir.UpstreamTls.SubjectAltName;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.SmallServer;
import dev.sluice.proxy.testing.Tls;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyUpstreamTlsTest extends ProxyTestBase {

  private final CertificateAuthority ca = CertificateAuthority.create("backend-ca");
  private SmallServer origin;
  private int port;

  @BeforeEach
  void startOrigin() {
    IssuedCertificate cert =
        ca.issueServer("backend.internal", "spiffe://cluster.local/ns/default/sa/backend");
    SslContext ssl = TlsContexts.server(Tls.termination(cert), List.of());
    origin =
        new SmallServer(
            ch ->
                ch.pipeline()
                    .addLast(ssl.newHandler(ch.alloc()))
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(65536))
                    .addLast(
                        new SimpleChannelInboundHandler<FullHttpRequest>() {
                          @Override
                          protected void channelRead0(
                              ChannelHandlerContext ctx, FullHttpRequest r) {
                            FullHttpResponse response =
                                new DefaultFullHttpResponse(
                                    HttpVersion.HTTP_1_1,
                                    HttpResponseStatus.OK,
                                    Unpooled.copiedBuffer(
                                        "tls " + r.uri(), StandardCharsets.UTF_8));
                            response
                                .headers()
                                .set("content-length", response.content().readableBytes());
                            ctx.writeAndFlush(response);
                          }
                        }));
    port = freePort();
  }

  @AfterEach
  void stopOrigin() {
    origin.close();
  }

  private RawHttp.Response through(UpstreamTls tls) throws Exception {
    BackendRef ref =
        new BackendRef(
            new Backend.Service(
                "default/tls",
                List.of(origin.endpoint()),
                UpstreamProtocol.HTTP1,
                Optional.of(tls)),
            1,
            List.of());
    apply(gateway(listener(port, anyHost(route("r", prefix("/"), List.of(), List.of(ref))))));
    return get(port, "front.test", "/secure");
  }

  @Test
  void trustedCaAndMatchingServerNameSucceed() throws Exception {
    RawHttp.Response r =
        through(
            new UpstreamTls(
                "backend.internal", List.of(ca.rootCertificatePem()), List.of(), Optional.empty()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("tls /secure");
  }

  @Test
  void wrongServerNameIsA502WithTheReason() throws Exception {
    RawHttp.Response r =
        through(
            new UpstreamTls(
                "other.internal", List.of(ca.rootCertificatePem()), List.of(), Optional.empty()));
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.body()).contains("TLS handshake failed");
  }

  @Test
  void untrustedCaIsA502() throws Exception {
    String otherCa = CertificateAuthority.create("other").rootCertificatePem();
    RawHttp.Response r =
        through(new UpstreamTls("backend.internal", List.of(otherCa), List.of(), Optional.empty()));
    assertThat(r.status()).isEqualTo(502);
  }

  @Test
  void uriSubjectAltNameReplacesTheHostnameCheck() throws Exception {
    SubjectAltName spiffe =
        new SubjectAltName(SubjectAltName.Type.URI, "spiffe://cluster.local/ns/default/sa/backend");
    RawHttp.Response ok =
        through(
            new UpstreamTls(
                "not-in-the-cert.internal",
                List.of(ca.rootCertificatePem()),
                List.of(spiffe),
                Optional.empty()));
    assertThat(ok.status()).isEqualTo(200);
    SubjectAltName other =
        new SubjectAltName(SubjectAltName.Type.URI, "spiffe://cluster.local/ns/default/sa/evil");
    RawHttp.Response bad =
        through(
            new UpstreamTls(
                "backend.internal",
                List.of(ca.rootCertificatePem()),
                List.of(other),
                Optional.empty()));
    assertThat(bad.status()).isEqualTo(502);
  }
}
