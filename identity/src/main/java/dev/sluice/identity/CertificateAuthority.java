package dev.sluice.identity;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate authority that issues server certificates (DNS and IP names), client
 * certificates and SPIFFE (URI) identities, with ECDSA P-256 keys.
 *
 * <p>For demos, tests and local development, where a real PKI is not at hand. Thread-safe.
 */
public final class CertificateAuthority {

  private static final Duration VALIDITY = Duration.ofDays(365);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IssuedCertificate root;

  private CertificateAuthority(IssuedCertificate root) {
    this.root = root;
  }

  /** A new authority whose root certificate has the common name {@code name}. */
  public static CertificateAuthority create(String name) {
    KeyPair keys = newKeyPair();
    X500Name subject = new X500Name("CN=" + name);
    try {
      X509Certificate certificate =
          sign(
              builder(subject, subject, keys)
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
              keys);
      return new CertificateAuthority(
          new IssuedCertificate(certificate, keys.getPrivate(), List.of(certificate)));
    } catch (org.bouncycastle.cert.CertIOException e) {
      throw new IllegalStateException("cannot create the root certificate of " + name, e);
    }
  }

  /** The root certificate, to trust. */
  public X509Certificate rootCertificate() {
    return root.certificate();
  }

  public String rootCertificatePem() {
    return root.certificatePem();
  }

  /**
   * A server certificate for {@code names}: DNS names (wildcards allowed), IP literals, or URIs
   * such as {@code spiffe://example.org/ns/default/sa/web}; the first name is also the common name.
   */
  public IssuedCertificate issueServer(String... names) {
    return issue(KeyPurposeId.id_kp_serverAuth, names);
  }

  /** A client certificate for {@code names} (DNS names or URIs such as SPIFFE IDs). */
  public IssuedCertificate issueClient(String... names) {
    return issue(KeyPurposeId.id_kp_clientAuth, names);
  }

  private IssuedCertificate issue(KeyPurposeId purpose, String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("names: empty (expected: at least one name)");
    }
    KeyPair keys = newKeyPair();
    String commonName = names[0].length() <= 64 ? names[0] : "sluice";
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          builder(new X500Name("CN=" + commonName), issuerName(), keys)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
              .addExtension(Extension.subjectAlternativeName, false, subjectAltNames(names))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(root.certificate()));
      X509Certificate certificate = sign(builder, new KeyPair(null, root.key()));
      return new IssuedCertificate(certificate, keys.getPrivate(), List.of(certificate));
    } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + names[0], e);
    }
  }

  private X500Name issuerName() {
    return new X500Name(root.certificate().getSubjectX500Principal().getName());
  }

  private static GeneralNames subjectAltNames(String... names) {
    List<GeneralName> all = new ArrayList<>();
    for (String name : names) {
      if (name.contains("://")) {
        all.add(new GeneralName(GeneralName.uniformResourceIdentifier, name));
      } else if (name.matches("[0-9.]+") || name.contains(":")) {
        all.add(new GeneralName(GeneralName.iPAddress, name));
      } else {
        all.add(new GeneralName(GeneralName.dNSName, name));
      }
    }
    return new GeneralNames(all.toArray(GeneralName[]::new));
  }

  private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM),
        Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(VALIDITY)),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
    try {
      ContentSigner signerOf =
          new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signerOf));
    } catch (OperatorCreationException | java.security.cert.CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 keys are not available in this JVM", e);
    }
  }
}
