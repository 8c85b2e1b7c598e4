package dev.sluice.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  private final CertificateAuthority ca = CertificateAuthority.create("sluice test CA");

  @Test
  void issuesServerCertificatesSignedByTheRootWithEveryName() throws Exception {
    IssuedCertificate server =
        ca.issueServer("example.com", "*.example.com", "127.0.0.1", "spiffe://td/ns/a/sa/b");

    server.certificate().verify(ca.rootCertificate().getPublicKey());
    assertThat(server.certificate().getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .containsExactly("example.com", "*.example.com", "127.0.0.1", "spiffe://td/ns/a/sa/b");
    assertThat(server.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void pemRoundTrips() {
    IssuedCertificate client = ca.issueClient("client.example");

    List<X509Certificate> parsed =
        Pem.parseCertificates(client.chainPem() + ca.rootCertificatePem());

    assertThat(parsed).containsExactly(client.certificate(), ca.rootCertificate());
    assertThat(client.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
  }

  @Test
  void rejectsTextWithoutCertificates() {
    assertThatThrownBy(() -> Pem.parseCertificates("not a certificate"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("certificate");
  }
}
