package dev.sluice.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The server hands fabric8 model objects to the admin API; they must come out as Kubernetes JSON.
 */
class Fabric8StatusJsonTest {

  @Test
  void fabric8ObjectsSerializeAsKubernetesJson() throws Exception {
    var gateway =
        new GatewayBuilder()
            .withNewMetadata()
            .withName("gw")
            .withNamespace("infra")
            .endMetadata()
            .withNewSpec()
            .withGatewayClassName("sluice")
            .addNewListener()
            .withName("http")
            .withPort(80)
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
                    .withLastTransitionTime("2026-01-01T00:00:00Z")
                    .withMessage("")
                    .build())
            .endStatus()
            .build();
    var route =
        new HTTPRouteBuilder()
            .withNewMetadata()
            .withName("r")
            .withNamespace("infra")
            .endMetadata()
            .withNewSpec()
            .addNewRule()
            .addNewBackendRef()
            .withName("svc")
            .withPort(8080)
            .withWeight(3)
            .endBackendRef()
            .endRule()
            .endSpec()
            .build();
    var model = new AdminServerTest.SwappableModel();
    model.statuses.set(
        Map.of("apiVersion", "v1", "kind", "List", "items", List.of(gateway, route)));

    try (var server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), model);
        var client = HttpClient.newHttpClient()) {
      URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/status");
      HttpResponse<String> response =
          client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());

      JsonNode items = IrJson.mapper().readTree(response.body()).get("items");
      JsonNode gw = items.get(0);
      assertThat(gw.get("apiVersion").asString()).isEqualTo("gateway.networking.k8s.io/v1");
      assertThat(gw.get("kind").asString()).isEqualTo("Gateway");
      assertThat(gw.get("metadata").get("name").asString()).isEqualTo("gw");
      assertThat(gw.get("spec").get("listeners").get(0).get("port").asInt()).isEqualTo(80);
      JsonNode condition = gw.get("status").get("conditions").get(0);
      assertThat(condition.get("type").asString()).isEqualTo("Accepted");
      assertThat(condition.get("observedGeneration").asLong()).isEqualTo(1L);
      assertThat(response.body()).doesNotContain("additionalProperties");
      JsonNode backendRef = items.get(1).get("spec").get("rules").get(0).get("backendRefs").get(0);
      assertThat(backendRef.get("port").asInt()).isEqualTo(8080);
      assertThat(backendRef.get("weight").asInt()).isEqualTo(3);
    }
  }
}
