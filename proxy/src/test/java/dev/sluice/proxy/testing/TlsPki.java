package dev.sluice.proxy.testing;

import dev.sluice.identity.IssuedCertificate;
import dev.sluice.identity.Pem;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
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
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI whose certificates the tests shape themselves (expired, {@code CA:TRUE} leaves, leaves
 * without {@code digitalSignature}, RSA server keys), which {@code CertificateAuthority} does not
 * offer. Thread-safe.
 */
public final class TlsPki {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** How a client certificate deviates from a valid one. */
  public enum Shape {
    VALID,
    EXPIRED,
    NOT_YET_VALID,
    CA_TRUE,
    NO_DIGITAL_SIGNATURE
  }

  /** A root CA with its key. Immutable. */
  public record Authority(X509Certificate root, PrivateKey key) {
    public String rootPem() {
      return Pem.certificate(root);
    }
  }

  private TlsPki() {}

  public static Authority authority(String name) {
    KeyPair keys = keys("EC");
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder builder = builder(subject, subject, keys, validFrom(), validTo());
    add(builder, Extension.basicConstraints, true, new BasicConstraints(true));
    add(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new Authority(sign(builder, keys.getPrivate()), keys.getPrivate());
  }

  /** A server certificate for {@code dnsName} with an {@code "EC"} or {@code "RSA"} key. */
  public static IssuedCertificate server(Authority ca, String dnsName, String keyType) {
    KeyPair keys = keys(keyType);
    int usage = KeyUsage.digitalSignature | ("RSA".equals(keyType) ? KeyUsage.keyEncipherment : 0);
    X509v3CertificateBuilder builder = leaf(ca, dnsName, keys, validFrom(), validTo());
    add(builder, Extension.basicConstraints, true, new BasicConstraints(false));
    add(builder, Extension.keyUsage, true, new KeyUsage(usage));
    add(
        builder,
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    add(
        builder,
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
    return issued(builder, ca, keys);
  }

  /** A client certificate named {@code commonName}, shaped as {@code shape}. */
  public static IssuedCertificate client(Authority ca, String commonName, Shape shape) {
    KeyPair keys = keys("EC");
    Instant from =
        shape == Shape.NOT_YET_VALID ? Instant.now().plus(Duration.ofDays(1)) : validFrom();
    Instant to = shape == Shape.EXPIRED ? Instant.now().minus(Duration.ofDays(1)) : validTo();
    if (shape == Shape.EXPIRED) {
      from = Instant.now().minus(Duration.ofDays(30));
    }
    X509v3CertificateBuilder builder = leaf(ca, commonName, keys, from, to);
    add(builder, Extension.basicConstraints, true, new BasicConstraints(shape == Shape.CA_TRUE));
    int usage =
        shape == Shape.NO_DIGITAL_SIGNATURE
            ? KeyUsage.keyAgreement
            : KeyUsage.digitalSignature | (shape == Shape.CA_TRUE ? KeyUsage.keyCertSign : 0);
    add(builder, Extension.keyUsage, true, new KeyUsage(usage));
    add(
        builder,
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    return issued(builder, ca, keys);
  }

  private static X509v3CertificateBuilder leaf(
      Authority ca, String commonName, KeyPair keys, Instant from, Instant to) {
    X500Name issuer = new X500Name(ca.root().getSubjectX500Principal().getName());
    return builder(issuer, new X500Name("CN=" + commonName), keys, from, to);
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair keys, Instant from, Instant to) {
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM),
        Date.from(from),
        Date.from(to),
        subject,
        keys.getPublic());
  }

  private static IssuedCertificate issued(
      X509v3CertificateBuilder builder, Authority ca, KeyPair keys) {
    X509Certificate certificate = sign(builder, ca.key());
    return new IssuedCertificate(certificate, keys.getPrivate(), List.of(certificate));
  }

  private static void add(
      X509v3CertificateBuilder builder,
      org.bouncycastle.asn1.ASN1ObjectIdentifier oid,
      boolean critical,
      org.bouncycastle.asn1.ASN1Encodable value) {
    try {
      builder.addExtension(oid, critical, value);
    } catch (org.bouncycastle.cert.CertIOException e) {
      throw new IllegalStateException("cannot add extension " + oid, e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
    try {
      var contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
      return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    } catch (Exception e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static KeyPair keys(String type) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
      if ("EC".equals(type)) {
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      } else {
        generator.initialize(2048, RANDOM);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(type + " keys are not available", e);
    }
  }

  private static Instant validFrom() {
    return Instant.now().minus(Duration.ofMinutes(5));
  }

  private static Instant validTo() {
    return Instant.now().plus(Duration.ofDays(30));
  }
}
