package dev.sluice.echo;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/**
 * Builds the server {@link SslContext}s of the echo server from PEM credentials, with the JDK
 * provider (no native library needed). Stateless.
 */
final class TlsContexts {

  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TlsContexts() {}

  /** For the HTTPS listener: ALPN {@code h2} then {@code http/1.1}, HTTP/2-safe ciphers. */
  static SslContext http(TlsCredentials credentials) {
    ApplicationProtocolConfig alpn =
        new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2,
            ApplicationProtocolNames.HTTP_1_1);
    SslContextBuilder builder =
        base(credentials)
            .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
            .applicationProtocolConfig(alpn);
    return build(builder);
  }

  /** For the TCP echo over TLS: TLS 1.2 or newer, no ALPN (the client's offer is ignored). */
  static SslContext tcp(TlsCredentials credentials) {
    return build(base(credentials));
  }

  private static SslContextBuilder base(TlsCredentials credentials) {
    SslContextBuilder builder;
    try {
      builder =
          SslContextBuilder.forServer(
              stream(credentials.certificateChainPem()), stream(credentials.privateKeyPem()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "tls: certificate chain or private key cannot be read: " + e.getMessage(), e);
    }
    builder.sslProvider(SslProvider.JDK).protocols(PROTOCOLS);
    credentials
        .clientCaPem()
        .ifPresent(ca -> builder.trustManager(stream(ca)).clientAuth(ClientAuth.OPTIONAL));
    return builder;
  }

  private static SslContext build(SslContextBuilder builder) {
    try {
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "tls: credentials are not a usable certificate and key: " + e.getMessage(), e);
    }
  }

  private static InputStream stream(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
