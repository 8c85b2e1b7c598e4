package dev.sluice.identity;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.List;

/**
 * The TLS versions, cipher suites and provider every context uses. Stateless.
 *
 * <p>TLS 1.2 and 1.3 only (RFC 8996); for TLS 1.2 only forward-secret AEAD suites. OpenSSL
 * (BoringSSL, from {@code netty-tcnative}) when it loads, else the JDK provider. Neither
 * renegotiates at a client's request nor accepts TLS 1.3 early data.
 */
public final class TlsPolicy {

  /** The protocol versions offered and accepted. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** Modern suites, in preference order; unsupported ones are filtered out by the provider. */
  public static final List<String> CIPHERS =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /**
   * System property choosing the provider: {@code openssl}, {@code jdk}, or unset for OpenSSL when
   * it loads and the JDK otherwise.
   */
  public static final String PROVIDER_PROPERTY = "sluice.tls.provider";

  private static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

  static {
    // BoringSSL never renegotiates, but the JDK provider accepts client-initiated TLS 1.2
    // renegotiation (CVE-2011-1473) unless told otherwise; it reads the flag at its first server
    // handshake, which comes after the first context is built here. An explicit setting wins.
    if (System.getProperty(REJECT_RENEGOTIATION) == null) {
      System.setProperty(REJECT_RENEGOTIATION, "true");
    }
  }

  private TlsPolicy() {}

  /**
   * The provider named by {@value #PROVIDER_PROPERTY}, else OpenSSL when available, else the JDK.
   *
   * @throws IllegalStateException when the property asks for OpenSSL and it does not load, or names
   *     an unknown provider
   */
  public static SslProvider provider() {
    String forced = System.getProperty(PROVIDER_PROPERTY, "");
    return switch (forced) {
      case "" -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
      case "jdk" -> SslProvider.JDK;
      case "openssl" -> {
        if (!OpenSsl.isAvailable()) {
          throw new IllegalStateException(
              PROVIDER_PROPERTY
                  + "=openssl but OpenSSL does not load: "
                  + OpenSsl.unavailabilityCause());
        }
        yield SslProvider.OPENSSL;
      }
      default ->
          throw new IllegalStateException(
              PROVIDER_PROPERTY + "=" + forced + " (expected: openssl, jdk or unset)");
    };
  }
}
