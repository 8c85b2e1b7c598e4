package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.gateway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.identity.IssuedCertificate;
import dev.sluice.ir.ClientValidation;
import dev.sluice.proxy.testing.Tls;
import dev.sluice.proxy.testing.TlsPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * G7 (frontend mTLS negatives) and C6 (session resumption across SNI names must not skip client
 * validation). Sluice derives no identity from a client certificate (no XFCC header, no SPIFFE
 * authorization): validation is the chain to the configured CAs, validity dates, key usage and
 * extended key usage, and an end-entity (CA:FALSE) leaf; SVID-only rules (exactly one URI SAN, one
 * trust domain per bundle) have nothing to apply to.
 */
class TlsClientCertTest extends TlsTestBase {

  private static final TlsPki.Authority CLIENTS_A = TlsPki.authority("clients-a");
  private static final TlsPki.Authority CLIENTS_B = TlsPki.authority("clients-b");

  private static Optional<ClientValidation> requireFrom(TlsPki.Authority ca) {
    return Optional.of(
        new ClientValidation(List.of(ca.rootPem()), ClientValidation.Mode.ALLOW_VALID_ONLY));
  }

  private void mtlsOnA() {
    apply(
        gateway(Tls.tlsListener(port, httpsHost("a.test", serverTls(requireFrom(CLIENTS_A)), a))));
  }

  private Optional<IssuedCertificate> valid() {
    return Optional.of(TlsPki.client(CLIENTS_A, "client", TlsPki.Shape.VALID));
  }

  /** The client's first request fails (TLS 1.3 reports a refused certificate after Finished). */
  private void assertRefused(Optional<IssuedCertificate> client) {
    assertThatThrownBy(
            () -> {
              try (SSLSocket socket = connect(client, "a.test")) {
                get(socket, "a.test", "/refused");
              }
            })
        .isInstanceOf(java.io.IOException.class);
    assertThat(a.requests()).extracting(r -> r.uri()).doesNotContain("/refused");
  }

  @Test
  void g7_aValidClientCertificateIsServed() throws Exception {
    mtlsOnA();
    assertStillServes(valid());
  }

  @Test
  void g7_noClientCertificateFailsTheHandshake() throws Exception {
    mtlsOnA();
    assertRefused(Optional.empty());
    assertStillServes(valid());
  }

  @Test
  void g7_certificateOfAnUnknownCaFailsTheHandshake() throws Exception {
    mtlsOnA();
    assertRefused(Optional.of(TlsPki.client(CLIENTS_B, "client", TlsPki.Shape.VALID)));
    assertStillServes(valid());
  }

  @ParameterizedTest
  @EnumSource(
      value = TlsPki.Shape.class,
      names = {"EXPIRED", "NOT_YET_VALID", "CA_TRUE", "NO_DIGITAL_SIGNATURE"})
  void g7_malformedClientCertificateOfTheTrustedCaFailsTheHandshake(TlsPki.Shape shape)
      throws Exception {
    mtlsOnA();
    assertRefused(Optional.of(TlsPki.client(CLIENTS_A, "client", shape)));
    assertStillServes(valid());
  }

  @Test
  void g7_theTrustedCaCertificateItselfIsNotAClientCertificate() throws Exception {
    mtlsOnA();
    IssuedCertificate root =
        new IssuedCertificate(CLIENTS_A.root(), CLIENTS_A.key(), List.of(CLIENTS_A.root()));
    assertRefused(Optional.of(root));
    assertStillServes(valid());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-tls1_3", "-tls1_2"})
  void c6_sessionOfOneNameDoesNotResumeIntoAnotherNamesClientValidation(String version)
      throws Exception {
    apply(
        gateway(
            Tls.tlsListener(
                port,
                httpsHost("a.test", serverTls(requireFrom(CLIENTS_A)), a),
                httpsHost("b.test", serverTls(requireFrom(CLIENTS_B)), b),
                httpsHost("open.test", serverTls(Optional.empty()), a))));
    Path[] clientA = pemFiles("client-a", valid().orElseThrow());
    Path session = dir.resolve("a.session");
    Path openSession = dir.resolve("open.session");
    assertThat(fetch("a.test", version, clientA, Optional.empty(), session)).contains("200");
    assertThat(fetch("open.test", version, null, Optional.empty(), openSession)).contains("200");
    // Control: the saved sessions do resume on their own name, so the next checks mean something.
    assertThat(fetch("a.test", version, clientA, Optional.of(session), null))
        .contains("Reused,")
        .contains("HTTP/1.1 200");

    for (Path saved : List.of(session, openSession)) {
      String crossed = fetch("b.test", version, null, Optional.of(saved), null);
      assertThat(crossed).as(crossed).doesNotContain("Reused,").doesNotContain("HTTP/1.1 200");
    }
    assertThat(b.requests()).isEmpty();
    assertStillServes(valid());
  }

  /** One request to {@code host} with openssl, optionally resuming {@code resume}; the output. */
  private String fetch(
      String host, String version, Path[] cert, Optional<Path> resume, Path saveTo) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "s_client", "-connect", connectArg(), "-servername", host, version, "-ign_eof"));
    if (cert != null) {
      args.addAll(List.of("-cert", cert[0].toString(), "-key", cert[1].toString()));
    }
    resume.ifPresent(s -> args.addAll(List.of("-sess_in", s.toString())));
    if (saveTo != null) {
      args.addAll(List.of("-sess_out", saveTo.toString()));
    }
    String request =
        "GET /" + host + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    return TlsOpenSsl.run(request, args.toArray(String[]::new)).output();
  }
}
