package dev.sluice.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.source.ResourceSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SupportedFeature;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupportedFeaturesTest {

  @Test
  void namesAreSortedDistinctConformanceNames() {
    List<String> names = SupportedFeatures.names();

    assertThat(names).isSorted().doesNotHaveDuplicates();
    assertThat(names)
        .contains(
            "Gateway",
            "HTTPRoute",
            "GRPCRoute",
            "TLSRoute",
            "ReferenceGrant",
            "ListenerSet",
            "GatewayStaticAddresses",
            "GatewayAddressEmpty",
            "HTTPRouteRequestTimeout",
            "HTTPRouteBackendTimeout",
            "HTTPRouteRetry",
            "HTTPRouteCORS",
            "HTTPRouteParentRefPort",
            "TLSRouteModeMixed",
            "BackendTLSPolicySANValidation")
        .noneMatch(n -> n.startsWith("Support") || n.startsWith("Mesh"))
        .doesNotContain("GatewayInfrastructurePropagation");
  }

  @Test
  void everyAcceptedClassPublishesTheList() {
    ResourceSet resources =
        TestResources.load(
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: sluice, generation: 3}
            spec:
              controllerName: sluice.dev/gateway-controller
            """,
            "class.yaml");

    TranslationResult result = Translator.translate(resources, AddressPlan.DEFAULT);

    GatewayClass status = (GatewayClass) result.statuses().get(0);
    assertThat(status.getStatus().getSupportedFeatures())
        .extracting(SupportedFeature::getName)
        .containsExactlyElementsOf(SupportedFeatures.names());
    assertThat(status.getStatus().getConditions())
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
  }
}
