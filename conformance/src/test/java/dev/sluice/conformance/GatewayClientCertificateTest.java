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
import dev.sluice.conformance.harness.TestCertificates;
import dev.sluice.conformance.report.Upstream;
import dev.sluice.identity.IssuedCertificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Client certificates: frontend validation of clients ({@code spec.tls.frontend}, notes §2.7) and
 * the certificate the Gateway presents to backends ({@code spec.tls.backend}, §2.8).
 */
@ExtendWith(ConformanceExtension.class)
class GatewayClientCertificateTest {

  private static HttpCase https(TestCertificates certs, String host, int port) {
    return get("/").host(host).tls(host, certs.validityCa().rootCertificate()).port(port);
  }

  /** The request completes with {@code c}'s expectations after the server asked for a cert. */
  private static void expectAccepted(String gw, HttpCase c, boolean certificateRequested) {
    Eventually.consistent(
        c + " accepted",
        () -> {
          AtomicBoolean requested = new AtomicBoolean();
          try {
            Optional<String> failure =
                dev.sluice.conformance.checks.RoundTrip.compare(
                    gw, c, dev.sluice.conformance.checks.Http1Client.send(gw, c, requested));
            if (failure.isEmpty() && certificateRequested && !requested.get()) {
              return Optional.of("the gateway did not request a client certificate");
            }
            return failure;
          } catch (Exception e) {
            return Optional.of("request failed: " + e);
          }
        });
  }

  /** The request must fail (handshake or connection error), three times in a row. */
  private static void expectRejected(String gw, HttpCase c) {
    Eventually.consistent(
        c + " rejected",
        () -> {
          try {
            return Optional.of("answered " + HttpChecks.send(gw, c).status());
          } catch (Exception e) {
            return Optional.empty();
          }
        });
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "GatewayFrontendClientCertificateValidation"})
  void GatewayFrontendClientCertificateValidation(ConformanceSuite suite) {
    suite.apply("gateway-with-clientcertificate-validation");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite,
            "client-validation-default",
            "client-certificate-validation-https-test",
            "client-certificate-validation-https-test-no-hostname");
    TestCertificates certs = suite.certificates();
    IssuedCertificate main = certs.clientCertificate();
    IssuedCertificate perPort = certs.perPortClientCertificate();
    expectAccepted(gw, v(https(certs, "example.org", 443).clientCertificate(main), 1), true);
    expectRejected(gw, https(certs, "example.org", 443).clientCertificate(perPort));
    expectAccepted(
        gw, v(https(certs, "second-example.org", 8443).clientCertificate(perPort), 2), true);
    expectRejected(gw, https(certs, "second-example.org", 8443).clientCertificate(main));
  }

  private static HttpCase v(HttpCase c, int version) {
    return c.backend("infra-backend-v" + version, INFRA);
  }

  @Test
  @Upstream(
      features = {
        "Gateway",
        "HTTPRoute",
        "GatewayFrontendClientCertificateValidation",
        "GatewayFrontendClientCertificateValidationInsecureFallback"
      })
  void GatewayFrontendClientCertificateValidationInsecureFallback(ConformanceSuite suite) {
    String gateway = "client-validation-insecure-fallback";
    suite.apply("gateway-with-clientcertificate-validation-insecure-fallback");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite,
            gateway,
            "client-cert-validation-insecure-fallback-test",
            "client-cert-validation-insecure-fallback-test-no-hostname");
    StatusChecks.gatewayMustHaveCondition(
        suite, gateway, Cond.isTrue("InsecureFrontendValidationMode", "ConfigurationChanged"));
    TestCertificates certs = suite.certificates();
    for (int port : List.of(443, 8443)) {
      String host = port == 443 ? "example.org" : "second-example.org";
      int version = port == 443 ? 1 : 2;
      expectAccepted(
          gw,
          v(https(certs, host, port).clientCertificate(certs.clientCertificate()), version),
          false);
      expectAccepted(
          gw,
          v(https(certs, host, port).clientCertificate(certs.perPortClientCertificate()), version),
          false);
      expectAccepted(gw, v(https(certs, host, port), version), false);
    }
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "GatewayFrontendClientCertificateValidation"})
  void GatewayFrontendInvalidDefaultClientCertificateValidation(ConformanceSuite suite) {
    String gateway = "invalid-default-client-validation-config";
    suite.apply("gateway-invalid-default-frontend-client-certificate-validation");
    String gw = suite.gatewayAddress(INFRA, gateway);
    listenerHas(
        suite,
        gateway,
        "http",
        Cond.isTrue("ResolvedRefs"),
        Cond.isTrue("Accepted"),
        Cond.isTrue("Programmed"));
    HttpChecks.expect(gw, v(get("/").host("example.org"), 1));
    listenerHas(
        suite,
        gateway,
        "https",
        Cond.isFalse("ResolvedRefs", "InvalidCACertificateRef"),
        Cond.isFalse("Accepted", "NoValidCACertificate"),
        Cond.isFalse("Programmed"));
    expectRejected(gw, https(suite.certificates(), "example.org", 443));
  }

  @Test
  @Upstream(
      features = {
        "Gateway",
        "HTTPRoute",
        "ReferenceGrant",
        "GatewayFrontendClientCertificateValidation"
      })
  void GatewayInvalidFrontendClientCertificateValidation(ConformanceSuite suite) {
    String gateway = "gateway-with-invalid-client-cert-validation";
    suite.apply("gateway-with-invalid-clientcertificate-validation");
    listenerHas(
        suite,
        gateway,
        "https",
        Cond.isTrue("ResolvedRefs"),
        Cond.isTrue("Accepted"),
        Cond.isTrue("Programmed"));
    Cond noCa = Cond.isFalse("Accepted", "NoValidCACertificate");
    Cond notProgrammed = Cond.isFalse("Programmed");
    listenerHas(
        suite,
        gateway,
        "https-unresolved",
        Cond.isFalse("ResolvedRefs", "InvalidCACertificateRef"),
        noCa,
        notProgrammed);
    listenerHas(
        suite,
        gateway,
        "https-invalid-kind",
        Cond.isFalse("ResolvedRefs", "InvalidCACertificateKind"),
        noCa,
        notProgrammed);
    listenerHas(
        suite,
        gateway,
        "https-grant-missing",
        Cond.isFalse("ResolvedRefs", "RefNotPermitted"),
        noCa,
        notProgrammed);
  }

  /** {@code GatewayListenersMustHaveConditions} for one named listener. */
  private static void listenerHas(
      ConformanceSuite suite, String gateway, String listener, Cond... conditions) {
    StatusChecks.eventually(
        suite,
        gateway + " listener " + listener + " has " + List.of(conditions),
        status -> {
          JsonNode gw = status.find("Gateway", INFRA, gateway).orElse(null);
          if (gw == null) {
            return Optional.of("Gateway not reported");
          }
          for (JsonNode entry : gw.path("status").path("listeners")) {
            if (entry.path("name").asString("").equals(listener)) {
              for (Cond condition : conditions) {
                if (!condition.in(entry.path("conditions"))) {
                  return Optional.of("listener " + entry);
                }
              }
              return Optional.empty();
            }
          }
          return Optional.of("no listener " + listener + " in " + gw.path("status"));
        });
  }

  @Test
  @Upstream(
      features = {"Gateway", "GatewayBackendClientCertificate", "HTTPRoute", "BackendTLSPolicy"})
  void GatewayTLSBackendClientCertificate(ConformanceSuite suite) {
    String gateway = "gateway-tls-backend-client-certificate";
    suite.apply("gateway-tls-backend-client-certificate");
    String gw = StatusChecks.httpRoutesAccepted(suite, gateway, gateway);
    StatusChecks.gatewayMustHaveCondition(
        suite, gateway, Cond.isTrue("ResolvedRefs", "ResolvedRefs"));
    HttpChecks.expect(
        gw,
        get("/")
            .host("abc.example.com")
            .backend("tls-backend-with-client-cert-validation", INFRA)
            .expectSni("abc.example.com")
            .expectClientCertificate(
                suite.certificates().checksClientCertificate().certificatePem()));
  }

  @Test
  @Upstream(
      features = {"Gateway", "GatewayBackendClientCertificate", "HTTPRoute", "BackendTLSPolicy"})
  void GatewayInvalidTLSBackendConfiguration(ConformanceSuite suite) {
    suite.apply("gateway-invalid-tls-backend-configuration");
    for (String gateway :
        List.of(
            "gateway-client-certificate-nonexistent-secret",
            "gateway-client-certificate-unsupported-group",
            "gateway-client-certificate-unsupported-kind",
            "gateway-client-certificate-malformed-secret")) {
      StatusChecks.gatewayMustHaveCondition(
          suite, gateway, Cond.isFalse("ResolvedRefs", "InvalidClientCertificateRef"));
      StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Accepted", "Accepted"));
    }
    String ungranted = "gateway-client-certificate-missing-reference-grant";
    StatusChecks.gatewayMustHaveCondition(
        suite, ungranted, Cond.isFalse("ResolvedRefs", "RefNotPermitted"));
    StatusChecks.gatewayMustHaveCondition(suite, ungranted, Cond.isTrue("Accepted", "Accepted"));
  }
}
