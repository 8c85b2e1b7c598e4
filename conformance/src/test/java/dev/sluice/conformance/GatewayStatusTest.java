package dev.sluice.conformance;

import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.Cond;
import dev.sluice.conformance.checks.ListenerExpect;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.harness.Manifest;
import dev.sluice.conformance.report.Upstream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** Gateway and GatewayClass status (notes §2.9, §2.10). */
@ExtendWith(ConformanceExtension.class)
class GatewayStatusTest {

  private static final List<String> HTTP_ROUTE = List.of("HTTPRoute");
  private static final Cond ACCEPTED = Cond.isTrue("Accepted");
  private static final Cond RESOLVED = Cond.isTrue("ResolvedRefs");

  /** Applies {@code name} again from {@code text}, at {@code generation}. */
  private static void reapply(ConformanceSuite suite, String name, String text, long generation) {
    suite.apply(name, Manifest.of(text.replace("generation: 1", "generation: " + generation)));
  }

  @Test
  @Upstream(features = {"Gateway"})
  void GatewayObservedGenerationBump(ConformanceSuite suite) {
    String gateway = "gateway-observed-generation-bump";
    Manifest original = suite.apply(gateway);
    StatusChecks.latestObservedGeneration(suite, "Gateway", INFRA, gateway, 1);
    reapply(
        suite,
        gateway,
        original.text().replace("    # - {name: alternate", "    - {name: alternate"),
        2);
    StatusChecks.latestObservedGeneration(suite, "Gateway", INFRA, gateway, 2);
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Accepted"));
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Programmed"));
  }

  @Test
  @Upstream(features = {"Gateway"})
  void GatewayClassObservedGenerationBump(ConformanceSuite suite) {
    String name = "gatewayclass-observed-generation-bump";
    Manifest original = suite.apply(name);
    StatusChecks.latestObservedGeneration(suite, "GatewayClass", "", name, 1);
    reapply(suite, name, original.text().replace("description: old", "description: new"), 2);
    StatusChecks.eventually(
        suite,
        name + " has an Accepted condition",
        status ->
            status
                .find("GatewayClass", "", name)
                .filter(c -> new Cond("Accepted", "", "").in(c.path("status").path("conditions")))
                .map(c -> Optional.<String>empty())
                .orElse(Optional.of("no Accepted condition")));
    StatusChecks.latestObservedGeneration(suite, "GatewayClass", "", name, 2);
  }

  @Test
  @Upstream(features = {"Gateway"})
  void GatewayInvalidRouteKind(ConformanceSuite suite) {
    suite.apply("gateway-invalid-route-kind");
    Cond invalidKinds = Cond.isFalse("ResolvedRefs", "InvalidRouteKinds");
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-only-invalid-route-kind",
        List.of(ListenerExpect.of("http", List.of(), 0, invalidKinds)));
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-supported-and-invalid-route-kind",
        List.of(ListenerExpect.of("http", HTTP_ROUTE, 0, invalidKinds)));
  }

  @Test
  @Upstream(features = {"Gateway"})
  void GatewayInvalidTLSConfiguration(ConformanceSuite suite) {
    suite.apply("gateway-invalid-tls-configuration");
    for (String gateway :
        List.of(
            "gateway-certificate-nonexistent-secret",
            "gateway-certificate-unsupported-group",
            "gateway-certificate-unsupported-kind",
            "gateway-certificate-malformed-secret")) {
      httpsListener(suite, gateway, Cond.isFalse("ResolvedRefs", "InvalidCertificateRef"));
    }
  }

  private static void httpsListener(ConformanceSuite suite, String gateway, Cond... conditions) {
    StatusChecks.gatewayMustHaveListeners(
        suite, gateway, List.of(ListenerExpect.of("https", HTTP_ROUTE, 0, conditions)));
  }

  @Test
  @Upstream(features = {"Gateway", "ReferenceGrant"})
  void GatewaySecretReferenceGrantSpecific(ConformanceSuite suite) {
    suite.apply("gateway-secret-reference-grant-specific");
    httpsListener(
        suite,
        "gateway-secret-reference-grant-specific",
        Cond.isTrue("Programmed", "Programmed"),
        RESOLVED);
  }

  @Test
  @Upstream(features = {"Gateway", "ReferenceGrant"})
  void GatewaySecretReferenceGrantAllInNamespace(ConformanceSuite suite) {
    suite.apply("gateway-secret-reference-grant-all-in-namespace");
    httpsListener(
        suite,
        "gateway-secret-reference-grant-all-in-namespace",
        Cond.isTrue("Programmed", "Programmed"),
        RESOLVED);
  }

  @Test
  @Upstream(features = {"Gateway", "ReferenceGrant"})
  void GatewaySecretMissingReferenceGrant(ConformanceSuite suite) {
    suite.apply("gateway-secret-missing-reference-grant");
    httpsListener(
        suite,
        "gateway-secret-missing-reference-grant",
        Cond.isFalse("ResolvedRefs", "RefNotPermitted"));
  }

  @Test
  @Upstream(features = {"Gateway", "ReferenceGrant"})
  void GatewaySecretInvalidReferenceGrant(ConformanceSuite suite) {
    suite.apply("gateway-secret-invalid-reference-grant");
    httpsListener(
        suite,
        "gateway-secret-invalid-reference-grant",
        Cond.isFalse("ResolvedRefs", "RefNotPermitted"));
  }

  @Test
  @Upstream(features = {"Gateway"})
  void GatewayModifyListeners(ConformanceSuite suite) {
    String name = "gateway-modify-listeners";
    Manifest original = suite.apply(name);
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-remove-listener",
        List.of(
            ListenerExpect.of("https", HTTP_ROUTE, 1, ACCEPTED, RESOLVED),
            ListenerExpect.of("http", HTTP_ROUTE, 1, ACCEPTED, RESOLVED)));
    String patched =
        original
            .text()
            .replace("    # - {name: http", "    - {name: http")
            .lines()
            .filter(line -> !line.endsWith("# REMOVED"))
            .reduce("", (text, line) -> text + line + "\n");
    reapply(suite, name, patched, 2);
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-add-listener",
        List.of(
            ListenerExpect.of("https", HTTP_ROUTE, 1, ACCEPTED, RESOLVED),
            ListenerExpect.of("http", HTTP_ROUTE, 1, ACCEPTED, RESOLVED)));
    StatusChecks.latestObservedGeneration(suite, "Gateway", INFRA, "gateway-add-listener", 2);
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-remove-listener",
        List.of(ListenerExpect.of("http", HTTP_ROUTE, 1, ACCEPTED, RESOLVED)));
    StatusChecks.latestObservedGeneration(suite, "Gateway", INFRA, "gateway-remove-listener", 2);
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void GatewayWithAttachedRoutes(ConformanceSuite suite) {
    suite.apply("gateway-with-attached-routes");
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-with-one-attached-route",
        List.of(ListenerExpect.of("http", HTTP_ROUTE, 1, ACCEPTED, RESOLVED)));
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-with-two-attached-routes",
        List.of(ListenerExpect.of("http", HTTP_ROUTE, 2, ACCEPTED, RESOLVED)));
    StatusChecks.routeMustHaveCondition(
        suite,
        "HTTPRoute",
        INFRA,
        "http-route-not-accepted",
        "gateway-with-two-attached-routes",
        Cond.isFalse("Accepted", "NoMatchingListenerHostname"));
    String unresolved = "unresolved-gateway-with-one-attached-unresolved-route";
    StatusChecks.gatewayMustHaveListeners(
        suite,
        unresolved,
        List.of(
            ListenerExpect.of(
                "tls", HTTP_ROUTE, 1, Cond.isFalse("Programmed"), Cond.isFalse("ResolvedRefs"))));
    StatusChecks.routeMustHaveCondition(
        suite, "HTTPRoute", INFRA, "http-route-4", unresolved, Cond.isFalse("ResolvedRefs"));
  }

  @Test
  @Upstream(features = {"Gateway", "GatewayPort8080", "HTTPRoute"})
  void GatewayWithAttachedRoutesWithPort8080(ConformanceSuite suite) {
    suite.apply("gateway-with-attached-routes-with-port-8080");
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-with-two-listeners-and-one-attached-route",
        List.of(
            ListenerExpect.of("http-unattached", HTTP_ROUTE, 0, ACCEPTED, RESOLVED),
            ListenerExpect.of("http", HTTP_ROUTE, 1, ACCEPTED, RESOLVED)));
  }

  @Test
  @Upstream(features = {"Gateway"})
  void GatewayListenerUnsupportedProtocol(ConformanceSuite suite) {
    suite.apply("gateway-invalid-listeners-unsupported-protocol");
    ListenerExpect invalid =
        ListenerExpect.of("invalid", List.of(), 0, Cond.isFalse("Accepted", "UnsupportedProtocol"));
    StatusChecks.gatewayMustHaveCondition(
        suite, "gateway-only-unsupported-protocols", Cond.isFalse("Accepted", "ListenersNotValid"));
    StatusChecks.gatewayMustHaveListeners(
        suite, "gateway-only-unsupported-protocols", List.of(invalid));
    String mixed = "gateway-supported-and-unsupported-protocols";
    StatusChecks.gatewayMustHaveCondition(
        suite, mixed, Cond.isTrue("Accepted", "ListenersNotValid"));
    StatusChecks.gatewayMustHaveListeners(
        suite,
        mixed,
        List.of(
            ListenerExpect.of("http", HTTP_ROUTE, 0, Cond.isTrue("Accepted", "Accepted")),
            invalid));
  }

  @Test
  @Upstream(features = {"Gateway"})
  void GatewayInvalidParametersRef(ConformanceSuite suite) {
    suite.apply("gateway-invalid-parameters-ref");
    StatusChecks.gatewayMustHaveCondition(
        suite, "gateway-invalid-parameters-ref", Cond.isFalse("Accepted", "InvalidParameters"));
  }

  @Test
  @Upstream(features = {"Gateway"})
  void GatewayNameMaximumLength(ConformanceSuite suite) {
    String prefix = "gateway-name-maximum-length-";
    String name = prefix + "a".repeat(253 - prefix.length());
    suite.apply(
        "gateway-name-maximum-length",
        Manifest.of(
            Manifest.resource("gateway-name-maximum-length")
                .text()
                .replace("MAXIMUM_LENGTH_NAME", name)));
    StatusChecks.latestObservedGeneration(suite, "Gateway", INFRA, name, 1);
  }

  @Test
  @Upstream(features = {"Gateway", "GatewayStaticAddresses"})
  void GatewayStaticAddresses(ConformanceSuite suite) {
    String gateway = "gateway-static-addresses";
    String fake = "{type: test/fake-invalid-type, value: \"fake address teehee!\"}";
    String unusable = "{type: IPAddress, value: " + UNUSABLE_ADDRESS + "}";
    String usable = "{type: IPAddress, value: " + USABLE_ADDRESS + "}";
    applyAddresses(suite, List.of(fake, unusable, usable), 1);
    StatusChecks.gatewayMustHaveCondition(
        suite, gateway, Cond.isFalse("Accepted", "UnsupportedAddress"));
    applyAddresses(suite, List.of(unusable, usable), 2);
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Accepted", "Accepted"));
    StatusChecks.gatewayMustHaveCondition(
        suite, gateway, Cond.isFalse("Programmed", "AddressNotUsable"));
    StatusChecks.latestObservedGeneration(suite, "Gateway", INFRA, gateway, 2);
    applyAddresses(suite, List.of(usable), 3);
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Accepted", "Accepted"));
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Programmed", "Programmed"));
    StatusChecks.gatewayMustHaveListeners(
        suite, gateway, List.of(ListenerExpect.of("http", HTTP_ROUTE, 0, ACCEPTED, RESOLVED)));
    StatusChecks.eventually(
        suite,
        gateway + " reports exactly the usable address",
        status -> {
          JsonNode addresses =
              status.find("Gateway", INFRA, gateway).orElseThrow().path("status").path("addresses");
          boolean ok =
              addresses.size() == 1
                  && addresses.get(0).path("value").asString("").equals(USABLE_ADDRESS)
                  && addresses.get(0).path("type").asString("").equals("IPAddress");
          return ok ? Optional.empty() : Optional.of("addresses " + addresses);
        });
  }

  /** An address no interface of this machine has (TEST-NET-1): binding it fails. */
  static final String UNUSABLE_ADDRESS = "192.0.2.1";

  /** A loopback address outside the harness's pool: bindable, and never handed out. */
  static final String USABLE_ADDRESS = "127.0.0.251";

  private static void applyAddresses(ConformanceSuite suite, List<String> entries, long step) {
    String text =
        Manifest.resource("gateway-static-addresses")
            .text()
            .replace("addresses: ADDRESSES", "addresses: [" + String.join(", ", entries) + "]");
    reapply(suite, "gateway-static-addresses", text, step);
  }

  @Test
  @Upstream(
      features = {"Gateway", "GatewayAddressEmpty"},
      provisional = true)
  void GatewayOptionalAddressValue(ConformanceSuite suite) {
    suite.apply("gateway-optional-address-value");
    StatusChecks.latestObservedGeneration(
        suite, "Gateway", INFRA, "gateway-without-address-value", 1);
    suite.gatewayAddress(INFRA, "gateway-without-address-value");
  }
}
