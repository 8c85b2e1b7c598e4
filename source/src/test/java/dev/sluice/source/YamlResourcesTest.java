package dev.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class YamlResourcesTest {

  private static final Gateway GATEWAY =
      new GatewayBuilder()
          .withNewMetadata()
          .withName("web")
          .withNamespace("default")
          .endMetadata()
          .withNewSpec()
          .withGatewayClassName("sluice")
          .addNewListener()
          .withName("http")
          .withPort(8080)
          .withProtocol("HTTP")
          .endListener()
          .endSpec()
          .withNewStatus()
          .withConditions(
              new ConditionBuilder()
                  .withType("Accepted")
                  .withStatus("True")
                  .withReason("Accepted")
                  .withObservedGeneration(1L)
                  .build())
          .endStatus()
          .build();

  @Test
  void writesYamlWithoutNullsEmptiesOrDocumentMarker() {
    String yaml = YamlResources.toYaml(GATEWAY);

    assertThat(yaml)
        .startsWith("apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n")
        .contains("  listeners:\n  - name: http\n    port: 8080\n")
        .contains("  - observedGeneration: 1\n")
        .doesNotContain("null", "{}", "[]", "---", "message");
  }

  @Test
  void writesJsonWithoutNullsOrEmpties() {
    String json = YamlResources.toJson(GATEWAY);

    assertThat(json).contains("\"gatewayClassName\" : \"sluice\"").doesNotContain("null", "[ ]");
  }

  @Test
  void writesRecordsAndOmitsAbsentOptionals() {
    record Row(String name, Optional<String> note, List<String> tags) {}

    String yaml = YamlResources.toYaml(new Row("a", Optional.empty(), List.of()));

    assertThat(yaml).isEqualTo("name: a\n");
    assertThat(YamlResources.toJson(new Row("a", Optional.of("n"), List.of("x"))))
        .contains("\"note\" : \"n\"");
  }

  @Test
  void roundTripsWhatTheFolderSourceReads() {
    Gateway read =
        YamlResources.yamlMapper().readValue(YamlResources.toYaml(GATEWAY), Gateway.class);

    assertThat(read).isEqualTo(GATEWAY);
  }
}
