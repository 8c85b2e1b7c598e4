package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.Cond;
import dev.sluice.conformance.checks.Eventually;
import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.harness.Manifest;
import dev.sluice.conformance.report.Upstream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * BackendTLSPolicy (notes §2.8): re-encryption to the {@code tls-backend} pods with the SNI and CA
 * of the policy, SAN validation, conflicts, invalid CA references and the policy's status.
 */
@ExtendWith(ConformanceExtension.class)
class BackendTlsPolicyTest {

  private static final String GATEWAY = "same-namespace";
  private static final Cond ACCEPTED = Cond.isTrue("Accepted", "Accepted");
  private static final Cond RESOLVED = Cond.isTrue("ResolvedRefs", "ResolvedRefs");
  private static final Cond NO_VALID_CA = Cond.isFalse("Accepted", "NoValidCACertificate");
  private static final Cond INVALID_CA_REF =
      Cond.isFalse("ResolvedRefs", "InvalidCACertificateRef");

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "BackendTLSPolicy"})
  void BackendTLSPolicy(ConformanceSuite suite) {
    suite.apply("backendtlspolicy");
    suite.apply("backendtlspolicy-reconcile");
    String gw = StatusChecks.httpRoutesAccepted(suite, GATEWAY, "backendtlspolicy");
    String https =
        StatusChecks.httpRoutesAccepted(
            suite, "same-namespace-with-https-listener", "backendtlspolicy-reencrypt");
    for (String policy : List.of("normative-test", "host-mismatch", "cert-mismatch")) {
      policyHas(suite, policy, GATEWAY, ACCEPTED, RESOLVED);
    }
    policyHas(suite, "normative-test", "same-namespace-with-https-listener", ACCEPTED, RESOLVED);
    HttpChecks.expect(
        https,
        get("/backendtlspolicy")
            .host("https-listener.org")
            .tls("https-listener.org", suite.certificates().validityCa().rootCertificate())
            .backend("tls-backend", INFRA)
            .expectSni("abc.example.com"));
    HttpChecks.expect(gw, sni("/backendtlspolicy", "abc.example.com"));
    expectNoSuccess(gw, "/backendtlspolicy-host-mismatch");
    expectNoSuccess(gw, "/backendtlspolicy-cert-mismatch");
    reconcile(suite, gw);
  }

  /** Swaps the reconcile-test policy's CA to a ConfigMap that appears, empties and recovers. */
  private static void reconcile(ConformanceSuite suite, String gw) {
    String policy = Manifest.resource("backendtlspolicy-reconcile").text();
    String missing =
        policy
            .replace(
                "name: tls-checks-ca-certificate}",
                "name: tls-checks-ca-certificate-reconcile-test}")
            .replace("name: reconcile-test,", "name: reconcile-test, generation: 2,");
    suite.apply("backendtlspolicy-reconcile", Manifest.of(missing));
    policyHas(suite, "reconcile-test", GATEWAY, NO_VALID_CA, INVALID_CA_REF);
    String pem = suite.certificates().checksCa().rootCertificatePem();
    suite.apply("backendtlspolicy-reconcile-cm", Manifest.of(caMap(pem)));
    policyHas(suite, "reconcile-test", GATEWAY, ACCEPTED, RESOLVED);
    HttpChecks.expect(gw, sni("/backendtlspolicy-reconcile-test", "abc.example.com"));
    suite.apply("backendtlspolicy-reconcile-cm", Manifest.of(caMap("")));
    policyHas(suite, "reconcile-test", GATEWAY, NO_VALID_CA, INVALID_CA_REF);
    suite.apply("backendtlspolicy-reconcile-cm", Manifest.of(caMap(pem)));
    policyHas(suite, "reconcile-test", GATEWAY, ACCEPTED, RESOLVED);
  }

  private static String caMap(String pem) {
    String data = pem.isEmpty() ? "  ca.crt: \"\"\n" : "  ca.crt: |\n" + pem.strip().indent(4);
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: tls-checks-ca-certificate-reconcile-test, namespace: %s}
        data:
        """
            .formatted(INFRA)
        + data;
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "BackendTLSPolicy"})
  void BackendTLSPolicyConflictResolution(ConformanceSuite suite) {
    suite.apply("backendtlspolicy-conflict-resolution");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, GATEWAY, "backendtlspolicy-conflict-resolution");
    Cond conflicted = Cond.isFalse("Accepted", "Conflicted");
    policyHas(suite, "conflicted-without-section-name-1", GATEWAY, ACCEPTED);
    policyHas(suite, "conflicted-without-section-name-2", GATEWAY, conflicted);
    policyHas(suite, "conflicted-with-section-name-1", GATEWAY, ACCEPTED);
    policyHas(suite, "conflicted-with-section-name-2", GATEWAY, conflicted);
    policyHas(suite, "not-conflicted-with-section-name", GATEWAY, ACCEPTED);
    policyHas(suite, "not-conflicted-without-section-name", GATEWAY, ACCEPTED);
    HttpChecks.expect(
        gw, sni("/backendtlspolicy-conflicted-without-section-name", "other.example.com"));
    HttpChecks.expect(
        gw, sni("/backendtlspolicy-conflicted-with-section-name", "other.example.com"));
    HttpChecks.expect(
        gw, sni("/backendtlspolicy-not-conflicted-with-section-name", "other.example.com"));
    HttpChecks.expect(
        gw, sni("/backendtlspolicy-not-conflicted-without-section-name", "abc.example.com"));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "BackendTLSPolicy"})
  void BackendTLSPolicyInvalidCACertificateRef(ConformanceSuite suite) {
    suite.apply("backendtlspolicy-invalid-ca-certificate-ref");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite, GATEWAY, "backendtlspolicy-invalid-ca-certificate-ref");
    for (String policy :
        List.of("nonexistent-ca-certificate-ref", "malformed-ca-certificate-ref")) {
      policyHas(suite, policy, GATEWAY, NO_VALID_CA, INVALID_CA_REF);
      HttpChecks.expect(
          gw, get("/backendtlspolicy-" + policy).host("abc.example.com").expect(500, 502, 503));
    }
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "BackendTLSPolicy"})
  void BackendTLSPolicyInvalidKind(ConformanceSuite suite) {
    suite.apply("backendtlspolicy-invalid-kind");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, GATEWAY, "backendtlspolicy-invalid-kind-test");
    policyHas(
        suite, "invalid-kind", GATEWAY, NO_VALID_CA, Cond.isFalse("ResolvedRefs", "InvalidKind"));
    HttpChecks.expect(
        gw, get("/backendtlspolicy-invalid-kind").host("abc.example.com").expect(500, 502, 503));
  }

  @Test
  @Upstream(
      features = {"Gateway", "HTTPRoute", "BackendTLSPolicy", "BackendTLSPolicySANValidation"})
  void BackendTLSPolicySANValidation(ConformanceSuite suite) {
    suite.apply("backendtlspolicy-san");
    String gw = StatusChecks.httpRoutesAccepted(suite, GATEWAY, "backendtlspolicy-san-test");
    List<String> good = List.of("san-dns", "san-uri", "multiple-sans");
    List<String> bad = List.of("san-dns-mismatch", "san-uri-mismatch", "multiple-mismatch-sans");
    for (String policy : good) {
      policyHas(suite, policy, GATEWAY, Cond.isTrue("Accepted"));
    }
    for (String policy : bad) {
      policyHas(suite, policy, GATEWAY, Cond.isTrue("Accepted"));
    }
    for (String policy : good) {
      HttpChecks.expect(gw, sni("/backendtlspolicy-" + policy, "abc.example.com"));
    }
    for (String policy : bad) {
      expectNoSuccess(gw, "/backendtlspolicy-" + policy);
    }
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "BackendTLSPolicy"})
  void BackendTLSPolicyObservedGenerationBump(ConformanceSuite suite) {
    String name = "backendtlspolicy-observed-generation-bump";
    Manifest original = suite.apply(name);
    policyHas(suite, "observed-generation-bump", GATEWAY, Cond.isTrue("Accepted"));
    policyAtGeneration(suite, "observed-generation-bump", 1);
    suite.apply(
        name,
        Manifest.of(
            original
                .text()
                .replace("hostname: abc.example.com", "hostname: foo.example.com")
                .replace(
                    "name: observed-generation-bump, namespace",
                    "name: observed-generation-bump, generation: 2, namespace")));
    policyHas(suite, "observed-generation-bump", GATEWAY, Cond.isTrue("Accepted"));
    policyAtGeneration(suite, "observed-generation-bump", 2);
  }

  private static HttpCase sni(String path, String expected) {
    return get(path).host("abc.example.com").backend("tls-backend", INFRA).expectSni(expected);
  }

  /**
   * The request must not succeed: a status other than 200, or a connection error that is not a
   * timeout, three times in a row; a 200 fails at once.
   */
  private static void expectNoSuccess(String gw, String path) {
    HttpCase request = get(path).host("abc.example.com");
    Eventually.consistent(
        path + " does not succeed",
        () -> {
          try {
            int status = HttpChecks.send(gw, request).status();
            if (status == 200) {
              throw new AssertionError(path + " answered 200 although TLS validation must fail");
            }
            return Optional.empty();
          } catch (SocketTimeoutException e) {
            return Optional.of("timed out: " + e);
          } catch (IOException e) {
            return Optional.empty();
          }
        });
  }

  /** Some ancestor entry of {@code policy} for {@code gateway} has every condition. */
  private static void policyHas(
      ConformanceSuite suite, String policy, String gateway, Cond... conditions) {
    StatusChecks.eventually(
        suite,
        "BackendTLSPolicy " + policy + " has " + List.of(conditions) + " for " + gateway,
        status -> {
          JsonNode object = status.find("BackendTLSPolicy", INFRA, policy).orElse(null);
          if (object == null) {
            return Optional.of("not reported");
          }
          for (JsonNode ancestor : object.path("status").path("ancestors")) {
            boolean sameGateway =
                ancestor.path("ancestorRef").path("name").asString("").equals(gateway);
            if (sameGateway
                && List.of(conditions).stream().allMatch(c -> c.in(ancestor.path("conditions")))) {
              return Optional.empty();
            }
          }
          return Optional.of("ancestors: " + object.path("status").path("ancestors"));
        });
  }

  /** Every ancestor condition of {@code policy} has {@code observedGeneration == generation}. */
  private static void policyAtGeneration(ConformanceSuite suite, String policy, long generation) {
    StatusChecks.eventually(
        suite,
        "BackendTLSPolicy " + policy + " observed at generation " + generation,
        status -> {
          JsonNode object = status.find("BackendTLSPolicy", INFRA, policy).orElse(null);
          if (object == null) {
            return Optional.of("not reported");
          }
          if (object.path("metadata").path("generation").asLong(1) != generation) {
            return Optional.of("generation " + object.path("metadata").path("generation"));
          }
          JsonNode ancestors = object.path("status").path("ancestors");
          if (ancestors.isEmpty()) {
            return Optional.of("no ancestors");
          }
          for (JsonNode ancestor : ancestors) {
            for (JsonNode condition : ancestor.path("conditions")) {
              if (condition.path("observedGeneration").asLong(-1) != generation) {
                return Optional.of("stale condition " + condition);
              }
            }
          }
          return Optional.empty();
        });
  }
}
