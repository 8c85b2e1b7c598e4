package dev.sluice.identity;

import dev.sluice.ir.CertificateKeyPair;
import dev.sluice.ir.ClientValidation;
import dev.sluice.ir.TlsTermination;
import dev.sluice.ir.UpstreamTls;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds Netty {@link SslContext}s from the IR: server contexts for TLS termination and client
 * contexts for TLS towards backends, all with {@link TlsPolicy}. Stateless and thread-safe; the
 * contexts are immutable and meant to be built once per configuration snapshot.
 */
public final class TlsContexts {

  /** ALPN for HTTPS listeners: HTTP/2 preferred, HTTP/1.1 as the fallback. */
  public static final List<String> HTTP_ALPN = List.of("h2", "http/1.1");

  private TlsContexts() {}

  /**
   * A server context offering {@code tls.certificates()} (picked by key type when several) and
   * validating client certificates per {@code tls.clientValidation()}.
   *
   * @param alpn the application protocols to negotiate, most preferred first; empty for none
   * @throws IllegalArgumentException naming the certificate or key that is invalid
   */
  public static SslContext server(TlsTermination tls, List<String> alpn) {
    SslContextBuilder builder = serverKeys(tls.certificates());
    tls.clientValidation().ifPresent(v -> clientValidation(builder, v));
    common(builder, alpn);
    if (tls.certificates().size() > 1) {
      // With several pairs the OpenSSL engine offers only the first key type (netty picks key
      // material in the server's suite order, not the client's), so an RSA-only client of an
      // RSA + ECDSA listener would fail; the JDK engine chooses per handshake.
      builder.sslProvider(SslProvider.JDK);
    }
    return build(builder, "server TLS for " + names(tls.certificates()));
  }

  /**
   * A client context for a backend: trusts {@code tls.caCertificatesPem()} (or the system store),
   * checks the certificate against {@code serverName} or, when given, {@code subjectAltNames}, and
   * presents the client certificate if any. The caller creates handlers with {@code
   * newHandler(alloc, tls.serverName(), port)} so that SNI and hostname verification apply.
   */
  public static SslContext client(UpstreamTls tls, List<String> alpn) {
    X509ExtendedTrustManager trust = TrustManagers.of(tls.caCertificatesPem());
    SslContextBuilder builder = SslContextBuilder.forClient();
    if (tls.subjectAltNames().isEmpty()) {
      builder.trustManager(trust).endpointIdentificationAlgorithm("HTTPS");
    } else {
      builder
          .trustManager(new SubjectAltNameTrustManager(trust, tls.subjectAltNames()))
          .endpointIdentificationAlgorithm(null);
    }
    tls.clientCertificate().ifPresent(pair -> builder.keyManager(key(pair), matchingChain(pair)));
    return build(common(builder, alpn), "client TLS for " + tls.serverName());
  }

  private static SslContextBuilder serverKeys(List<CertificateKeyPair> pairs) {
    if (pairs.size() == 1) {
      CertificateKeyPair pair = pairs.get(0);
      return SslContextBuilder.forServer(key(pair), matchingChain(pair));
    }
    try {
      // Several pairs (RSA and ECDSA): the key manager picks the one the client's suites allow.
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      for (int i = 0; i < pairs.size(); i++) {
        CertificateKeyPair pair = pairs.get(i);
        store.setKeyEntry(
            "pair-" + i, key(pair), password, matchingChain(pair).toArray(X509Certificate[]::new));
      }
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return SslContextBuilder.forServer(factory);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException(
          "certificates " + names(pairs) + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  private static void clientValidation(SslContextBuilder builder, ClientValidation validation) {
    X509ExtendedTrustManager trust =
        new ClientLeafTrustManager(TrustManagers.of(validation.caCertificatesPem()));
    if (validation.mode() == ClientValidation.Mode.ALLOW_VALID_ONLY) {
      builder.clientAuth(ClientAuth.REQUIRE).trustManager(trust);
    } else {
      TrustManager lenient = new LenientClientTrustManager(trust);
      builder.clientAuth(ClientAuth.OPTIONAL).trustManager(lenient);
    }
  }

  private static SslContextBuilder common(SslContextBuilder builder, List<String> alpn) {
    builder
        .sslProvider(TlsPolicy.provider())
        .protocols(TlsPolicy.PROTOCOLS)
        .ciphers(TlsPolicy.CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
    if (!alpn.isEmpty()) {
      builder.applicationProtocolConfig(
          new ApplicationProtocolConfig(
              ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              alpn));
    }
    return builder;
  }

  private static SslContext build(SslContextBuilder builder, String what) {
    try {
      return builder.build();
    } catch (SSLException | RuntimeException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey key(CertificateKeyPair pair) {
    try {
      return PrivateKeys.parse(pair.privateKey().pem());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key of " + pair.name() + ": " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> chain(CertificateKeyPair pair) {
    try {
      return Pem.parseCertificates(pair.certificateChainPem());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "certificate of " + pair.name() + ": " + e.getMessage(), e);
    }
  }

  /** The chain of {@code pair}, checked to start with the certificate of its private key. */
  private static List<X509Certificate> matchingChain(CertificateKeyPair pair) {
    List<X509Certificate> chain = chain(pair);
    MatchingKeys.require(key(pair), chain.get(0), pair.name());
    return chain;
  }

  private static String names(List<CertificateKeyPair> pairs) {
    List<String> names = new ArrayList<>();
    pairs.forEach(p -> names.add(p.name()));
    return String.join(", ", names);
  }
}
