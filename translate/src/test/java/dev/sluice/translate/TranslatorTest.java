package dev.sluice.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.Backend;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.Listener;
import dev.sluice.source.ResourceSet;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

class TranslatorTest {

  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  @Test
  void emptyInputGivesEmptyOutput() {
    TranslationResult result = Translator.translate(ResourceSet.EMPTY, AddressPlan.DEFAULT);

    assertThat(result.ir()).isEqualTo(GatewayIr.EMPTY);
    assertThat(result.statuses()).isEmpty();
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void neverModifiesItsInputAndWritesStatusOnCopies() throws IOException {
    ResourceSet resources = golden("basic");
    String before = YAML.writeValueAsString(resources);

    TranslationResult result = Translator.translate(resources, AddressPlan.DEFAULT);

    assertThat(YAML.writeValueAsString(resources)).isEqualTo(before);
    assertThat(resources.gateways().get(0).getStatus()).isNull();
    Gateway copy = (Gateway) result.statuses().get(1);
    assertThat(copy).isNotSameAs(resources.gateways().get(0));
    assertThat(copy.getSpec()).isEqualTo(resources.gateways().get(0).getSpec());
    assertThat(copy.getSpec()).isNotSameAs(resources.gateways().get(0).getSpec());
  }

  @Test
  void statusesComeInKindThenNamespaceAndNameOrder() throws IOException {
    TranslationResult result = Translator.translate(golden("allowed-routes"), AddressPlan.DEFAULT);

    assertThat(result.statuses().stream().map(TranslatorTest::describe))
        .containsExactly(
            "GatewayClass null/sluice",
            "Gateway infra/gw",
            "HTTPRoute frozen-shop/frozen",
            "HTTPRoute infra/local",
            "HTTPRoute other/intruder",
            "HTTPRoute shop/shop",
            "HTTPRoute unlisted/unlisted");
  }

  @Test
  void conditionsCarryGenerationAndCreationTimeOfTheirObject() throws IOException {
    TranslationResult result = Translator.translate(golden("basic"), AddressPlan.DEFAULT);

    for (HasMetadata status : result.statuses()) {
      assertThat(conditions(status))
          .isNotEmpty()
          .allSatisfy(
              c -> {
                assertThat(c.getObservedGeneration())
                    .isEqualTo(status.getMetadata().getGeneration());
                assertThat(c.getLastTransitionTime())
                    .isEqualTo(status.getMetadata().getCreationTimestamp());
              });
    }
  }

  @Test
  void conditionsWithoutCreationTimeUseAFixedTime() throws IOException {
    TranslationResult result = Translator.translate(golden("parent-refs"), AddressPlan.DEFAULT);

    assertThat(result.statuses().stream().flatMap(s -> conditions(s).stream()))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.getLastTransitionTime()).isEqualTo("1970-01-01T00:00:00Z"));
  }

  @Test
  void rejectedRoutesAreNotCountedNorRouted() throws IOException {
    TranslationResult result = Translator.translate(golden("filters"), AddressPlan.DEFAULT);

    Gateway gateway = (Gateway) result.statuses().get(1);
    assertThat(gateway.getStatus().getListeners().get(0).getAttachedRoutes()).isOne();
    assertThat(result.ir().listeners().get(0).virtualHosts().get(0).routes())
        .allSatisfy(r -> assertThat(r.key().name()).isEqualTo("filters"));
  }

  @Test
  void unresolvedBackendsAnswerWithTheirReason() throws IOException {
    TranslationResult result = Translator.translate(golden("backend-refs"), AddressPlan.DEFAULT);

    Listener listener = result.ir().listeners().get(0);
    assertThat(listener.virtualHosts().get(0).routes().get(0).backends())
        .extracting(b -> b.backend())
        .allSatisfy(b -> assertThat(b).isInstanceOf(Backend.Invalid.class));
    HTTPRoute broken = (HTTPRoute) result.statuses().get(2);
    assertThat(broken.getMetadata().getName()).isEqualTo("broken");
    assertThat(broken.getStatus().getParents().get(0).getConditions())
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Accepted", "True", "Accepted"),
            org.assertj.core.groups.Tuple.tuple("ResolvedRefs", "False", "BackendNotFound"));
  }

  @Test
  void toleratesSparseObjects() {
    String yaml =
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: sluice}
        spec: {controllerName: sluice.dev/gateway-controller}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: empty}
        spec: {gatewayClassName: sluice}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: nospec}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: bare}
        spec: {parentRefs: [{name: empty}]}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: s, labels: {kubernetes.io/service-name: svc}}
        addressType: IPv4
        ports: [{port: 0}]
        endpoints: [{addresses: ["10.0.0.1"]}]
        """;
    TranslationResult result =
        Translator.translate(TestResources.load(yaml, "sparse.yaml"), AddressPlan.DEFAULT);

    assertThat(result.ir()).isEqualTo(GatewayIr.EMPTY);
    assertThat(result.problems())
        .extracting(p -> p.object().orElseThrow().name() + " " + p.field())
        .contains("empty spec.listeners", "nospec spec", "bare spec.parentRefs[0]");
  }

  private static List<Condition> conditions(HasMetadata status) {
    return switch (status) {
      case Gateway g ->
          Stream.concat(
                  g.getStatus().getConditions().stream(),
                  g.getStatus().getListeners().stream().flatMap(l -> l.getConditions().stream()))
              .toList();
      case HTTPRoute r ->
          r.getStatus().getParents().stream().flatMap(p -> p.getConditions().stream()).toList();
      case io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass c ->
          c.getStatus().getConditions();
      default -> throw new AssertionError("unexpected status kind " + status.getKind());
    };
  }

  private static String describe(HasMetadata object) {
    return object.getKind()
        + " "
        + object.getMetadata().getNamespace()
        + "/"
        + object.getMetadata().getName();
  }

  private static ResourceSet golden(String name) throws IOException {
    String file = name + ".in.yaml";
    return TestResources.load(Files.readString(Path.of("src/test/resources/golden", file)), file);
  }
}
