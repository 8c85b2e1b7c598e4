package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.EchoBackend;
import dev.sluice.testing.FreePorts;
import dev.sluice.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The admin API of a running instance: health, readiness, statuses as a cluster would show them.
 */
class AdminApiTest {

  @Test
  void servesHealthReadinessStatusesAndTheSnapshot() throws Exception {
    int port = FreePorts.next();
    try (EchoBackend echo = EchoBackend.start("echo");
        TestGateway gateway =
            TestGateway.start(
                "all.yaml",
                Yaml.docs(
                    Yaml.GATEWAY_CLASS,
                    Yaml.gateway("gw", port),
                    Yaml.route("app", "gw", "/", "echo"),
                    echo.yaml()))) {
      assertThat(get(gateway, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(gateway, "/readyz").statusCode()).isEqualTo(200);

      JsonNode status = StatusJson.parse(get(gateway, "/api/status").body());
      assertThat(status.path("apiVersion").asString()).isEqualTo("v1");
      assertThat(status.path("kind").asString()).isEqualTo("List");
      JsonNode route = item(status, "HTTPRoute", "app");
      assertThat(route.path("apiVersion").asString()).isEqualTo("gateway.networking.k8s.io/v1");
      assertThat(route.path("metadata").path("generation").asLong()).isEqualTo(1);
      JsonNode parent = route.path("status").path("parents").path(0);
      assertThat(parent.path("parentRef").path("group").asString())
          .isEqualTo("gateway.networking.k8s.io");
      assertThat(parent.path("parentRef").path("kind").asString()).isEqualTo("Gateway");
      assertThat(parent.path("controllerName").asString())
          .isEqualTo("sluice.dev/gateway-controller");
      JsonNode accepted = AddressesTest.condition(parent, "Accepted");
      assertThat(accepted.path("status").asString()).isEqualTo("True");
      assertThat(accepted.path("observedGeneration").asLong()).isEqualTo(1);
      JsonNode listener = item(status, "Gateway", "gw").path("status").path("listeners").path(0);
      assertThat(listener.path("attachedRoutes").asInt()).isEqualTo(1);

      JsonNode snapshot = StatusJson.parse(get(gateway, "/api/snapshot").body());
      assertThat(snapshot.path("listeners").path(0).path("port").asInt()).isEqualTo(port);
    }
  }

  private static HttpResponse<String> get(TestGateway gateway, String path) {
    return gateway.send(TestHttp.get(gateway.admin().resolve(path)));
  }

  private static JsonNode item(JsonNode list, String kind, String name) {
    for (JsonNode item : list.path("items")) {
      if (item.path("kind").asString().equals(kind)
          && item.path("metadata").path("name").asString().equals(name)) {
        return item;
      }
    }
    throw new AssertionError("no " + kind + " " + name + " in " + list);
  }
}
