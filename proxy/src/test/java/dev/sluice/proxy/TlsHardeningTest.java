package dev.sluice.proxy;

import static dev.sluice.proxy.TlsClientHello.TLS12;
import static dev.sluice.proxy.testing.Ir.gateway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.proxy.TlsClientHello.Answer;
import dev.sluice.proxy.testing.Tls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * G1 (old versions), G2 (weak suites), G3 (renegotiation) and G11 (0-RTT) against the default TLS
 * engine (OpenSSL/BoringSSL from netty-tcnative); {@link TlsJdkEngineTest} repeats them on the JDK
 * engine. Cipher policy: TLS 1.3's three suites, and for TLS 1.2 only ECDHE with an AEAD (AES-GCM,
 * ChaCha20-Poly1305); CBC (with SHA-1 or SHA-2), static RSA, DHE, RC4, 3DES, NULL, anonymous and
 * EXPORT suites are not negotiable.
 */
class TlsHardeningTest extends TlsTestBase {

  /** An ECDSA-only and an RSA-only virtual host: each suite is refused for its own reason. */
  private static final java.util.List<String> HOSTS = java.util.List.of("a.test", "rsa.test");

  @BeforeEach
  void listen() {
    apply(
        gateway(
            Tls.tlsListener(
                port,
                httpsHost("a.test", serverTls(Optional.empty()), a),
                httpsHost("rsa.test", rsaTls(), a),
                httpsHost("both.test", bothKeyTypesTls(), a))));
  }

  @ParameterizedTest
  @ValueSource(ints = {TlsClientHello.SSL3, TlsClientHello.TLS10, TlsClientHello.TLS11})
  void g1_oldProtocolVersionsAreRefused(int version) throws Exception {
    for (String host : HOSTS) {
      // Suites that exist in those versions, so only the version can be the reason.
      byte[] hello = TlsClientHello.of(version, Optional.of(host), 0xC013, 0xC009, 0x002F);

      Answer answer = TlsClientHello.exchange(port, hello);

      assertThat(answer).as(host).isNotInstanceOf(Answer.ServerHello.class);
      if (answer instanceof Answer.Alert alert) {
        assertThat(alert.description())
            .isIn(TlsClientHello.PROTOCOL_VERSION, TlsClientHello.HANDSHAKE_FAILURE);
      }
    }
    assertStillServes();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-tls1", "-tls1_1"})
  void g1_opensslWithAnOldVersionFailsTheHandshake(String version) throws Exception {
    TlsOpenSsl.Result result =
        TlsOpenSsl.run(
            "",
            "s_client",
            "-connect",
            connectArg(),
            "-servername",
            "a.test",
            version,
            // OpenSSL 3 would refuse to offer TLS 1.0/1.1 itself at its default security level.
            "-cipher",
            "DEFAULT@SECLEVEL=0");

    assertThat(result.output()).as(result.output()).containsIgnoringCase("alert protocol version");
    assertThat(result.output()).doesNotContain("Cipher is ECDHE");
    assertThat(result.exitCode()).isNotZero();
    assertStillServes();
  }

  @Test
  void g1_tls12AndTls13AreNegotiated() throws Exception {
    Answer tls12 =
        TlsClientHello.exchange(port, TlsClientHello.of(TLS12, Optional.of("a.test"), 0xC02B));
    assertThat(tls12).isEqualTo(new Answer.ServerHello(TLS12, 0xC02B));
    TlsOpenSsl.Result tls13 =
        TlsOpenSsl.run(
            "", "s_client", "-connect", connectArg(), "-servername", "a.test", "-tls1_3");
    assertThat(tls13.output()).as(tls13.output()).contains("New, TLSv1.3, Cipher is TLS_");
  }

  static Stream<Arguments> weakSuites() {
    return Stream.of(
        Arguments.of("RSA RC4-SHA", 0x0005),
        Arguments.of("ECDHE-RSA RC4-SHA", 0xC011),
        Arguments.of("ECDHE-ECDSA RC4-SHA", 0xC007),
        Arguments.of("RSA 3DES", 0x000A),
        Arguments.of("ECDHE-RSA 3DES", 0xC012),
        Arguments.of("RSA NULL-SHA256", 0x003B),
        Arguments.of("ECDHE-ECDSA NULL-SHA", 0xC006),
        Arguments.of("ECDHE-RSA NULL-SHA", 0xC010),
        Arguments.of("DH-anon AES-GCM", 0x00A6),
        Arguments.of("ECDH-anon AES-CBC", 0xC018),
        Arguments.of("EXPORT RC4-40", 0x0003),
        Arguments.of("EXPORT DES40", 0x0008),
        Arguments.of("ECDHE-RSA AES-CBC-SHA1", 0xC013),
        Arguments.of("ECDHE-ECDSA AES-CBC-SHA1", 0xC009),
        Arguments.of("ECDHE-RSA AES256-CBC-SHA1", 0xC014),
        Arguments.of("RSA AES-CBC-SHA1", 0x002F),
        Arguments.of("ECDHE-RSA AES-CBC-SHA256", 0xC027),
        Arguments.of("ECDHE-ECDSA AES256-CBC-SHA384", 0xC024),
        Arguments.of("RSA AES-GCM (no forward secrecy)", 0x009C),
        Arguments.of("DHE-RSA AES-GCM", 0x009E));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("weakSuites")
  void g2_weakSuiteIsNotNegotiable(String name, int suite) throws Exception {
    for (String host : HOSTS) {
      Answer answer =
          TlsClientHello.exchange(port, TlsClientHello.of(TLS12, Optional.of(host), suite));

      assertThat(answer).as("%s on %s", name, host).isNotInstanceOf(Answer.ServerHello.class);
      if (answer instanceof Answer.Alert alert) {
        assertThat(alert.description())
            .isIn(TlsClientHello.HANDSHAKE_FAILURE, TlsClientHello.INSUFFICIENT_SECURITY);
      }
    }
  }

  static Stream<Arguments> strongSuites() {
    return Stream.of(
        Arguments.of("a.test", 0xC02B),
        Arguments.of("a.test", 0xC02C),
        Arguments.of("a.test", 0xCCA9),
        Arguments.of("rsa.test", 0xC02F),
        Arguments.of("rsa.test", 0xC030),
        Arguments.of("rsa.test", 0xCCA8),
        // One host with both key types serves clients of either.
        Arguments.of("both.test", 0xC02B),
        Arguments.of("both.test", 0xC02F));
  }

  @ParameterizedTest(name = "{0} 0x{1}")
  @MethodSource("strongSuites")
  void g2_forwardSecretAeadSuitesAreNegotiated(String host, int suite) throws Exception {
    Answer answer =
        TlsClientHello.exchange(port, TlsClientHello.of(TLS12, Optional.of(host), suite));

    assertThat(answer).isEqualTo(new Answer.ServerHello(TLS12, suite));
  }

  @Test
  void g2_weakSuitesFromOpensslAreRefusedAndAStrongOneIsPreferred() throws Exception {
    TlsOpenSsl.Result weak =
        TlsOpenSsl.run(
            "",
            "s_client",
            "-connect",
            connectArg(),
            "-servername",
            "rsa.test",
            "-tls1_2",
            "-cipher",
            "ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:AES128-SHA:DES-CBC3-SHA:@SECLEVEL=0");
    assertThat(weak.output()).as(weak.output()).containsIgnoringCase("alert handshake failure");

    TlsOpenSsl.Result mixed =
        TlsOpenSsl.run(
            "",
            "s_client",
            "-connect",
            connectArg(),
            "-servername",
            "rsa.test",
            "-tls1_2",
            "-cipher",
            "AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0");
    assertThat(mixed.output()).as(mixed.output()).contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256");
    assertStillServes();
  }

  @Test
  void g3_opensslRenegotiationIsRefusedAndTheConnectionClosed() throws Exception {
    try (TlsOpenSsl client =
        TlsOpenSsl.start(
            "s_client", "-connect", connectArg(), "-servername", "a.test", "-tls1_2")) {
      assertThat(client.awaitOutput("Verify return code")).as(client.output()).isTrue();
      client.write("R\n");
      TlsOpenSsl.Result result = client.awaitExit();

      assertThat(result.output()).contains("RENEGOTIATING");
      assertThat(result.output().substring(result.output().indexOf("RENEGOTIATING")))
          .as(result.output())
          .containsPattern("(?i)alert|error|errno");
    }
    assertStillServes();
  }

  @Test
  void g3_jdkClientRenegotiationEndsTheConnection() throws Exception {
    SSLSocket socket =
        (SSLSocket)
            Tls.presenting(PKI.root(), Optional.empty())
                .getSocketFactory()
                .createSocket("127.0.0.1", port);
    try (socket) {
      socket.setSoTimeout(10_000);
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      var params = socket.getSSLParameters();
      params.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("a.test")));
      socket.setSSLParameters(params);
      assertThat(get(socket, "a.test", "/first").status()).isEqualTo(200);

      assertThatThrownBy(
              () -> {
                socket.startHandshake();
                get(socket, "a.test", "/after-renegotiation");
              })
          .isInstanceOf(IOException.class);
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/first");
    assertStillServes();
  }

  @Test
  void g11_earlyDataIsNeverAccepted() throws Exception {
    Path session = dir.resolve("session.pem");
    String request = "GET /first HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n";
    TlsOpenSsl.Result first =
        TlsOpenSsl.run(
            request,
            "s_client",
            "-connect",
            connectArg(),
            "-servername",
            "a.test",
            "-tls1_3",
            "-ign_eof",
            "-sess_out",
            session.toString());
    assertThat(first.output()).as(first.output()).contains("HTTP/1.1 200");
    Path early =
        Files.writeString(
            dir.resolve("early.txt"),
            "POST /early HTTP/1.1\r\nHost: a.test\r\nContent-Length: 0\r\n\r\n");

    TlsOpenSsl.Result resumed =
        TlsOpenSsl.run(
            "",
            "s_client",
            "-connect",
            connectArg(),
            "-servername",
            "a.test",
            "-tls1_3",
            "-sess_in",
            session.toString(),
            "-early_data",
            early.toString());

    assertThat(resumed.output()).as(resumed.output()).doesNotContain("Early data was accepted");
    assertThat(a.requests()).extracting(r -> r.uri()).doesNotContain("/early");
    if (Files.exists(session)) {
      TlsOpenSsl.Result saved =
          TlsOpenSsl.run("", "sess_id", "-in", session.toString(), "-noout", "-text");
      assertThat(saved.output()).as(saved.output()).doesNotContainPattern("Max Early Data: [1-9]");
    }
    assertStillServes();
  }
}
