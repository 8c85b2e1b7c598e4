package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.AddressPool;
import dev.sluice.server.ServerOptions;
import dev.sluice.server.SluiceServer;
import dev.sluice.testing.EchoBackend;
import dev.sluice.testing.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Gateways bind spec.addresses, the default address, or their own address from the pool. */
class AddressesTest {

  @TempDir Path dir;

  @Test
  void eachAddresslessGatewayGetsItsOwnPoolAddressOnTheSamePort() throws Exception {
    int port = FreePorts.next();
    try (EchoBackend one = EchoBackend.start("one");
        EchoBackend two = EchoBackend.start("two")) {
      Files.writeString(
          dir.resolve("config.yaml"),
          Yaml.docs(
              Yaml.GATEWAY_CLASS,
              Yaml.gateway("first", port),
              Yaml.gateway("second", port),
              Yaml.route("to-one", "first", "/", "one"),
              Yaml.route("to-two", "second", "/", "two"),
              one.yaml(),
              two.yaml()));
      ServerOptions options =
          ServerOptions.of(List.of(dir))
              .withAdmin(Optional.empty())
              .withWatch(false)
              .withAddressPool(Optional.of(AddressPool.parse("127.0.0.10-127.0.0.20")));

      try (SluiceServer server = SluiceServer.start(options);
          HttpClient client = HttpClient.newHttpClient()) {
        assertThat(addressOf(server, "first")).isEqualTo("127.0.0.10");
        assertThat(addressOf(server, "second")).isEqualTo("127.0.0.11");
        assertThat(EchoJson.service(get(client, "127.0.0.10", port))).isEqualTo("one");
        assertThat(EchoJson.service(get(client, "127.0.0.11", port))).isEqualTo("two");
      }
    }
  }

  @Test
  void aPortThatCannotBeBoundIsAnUnprogrammedListenerNotACrash() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int busy = taken.getLocalPort();
      int free = FreePorts.next();
      Files.writeString(
          dir.resolve("config.yaml"),
          Yaml.docs(Yaml.GATEWAY_CLASS, Yaml.gateway("busy", busy), Yaml.gateway("free", free)));
      ServerOptions options =
          ServerOptions.of(List.of(dir))
              .withAdmin(Optional.empty())
              .withWatch(false)
              .withGatewayAddress("127.0.0.1");

      try (SluiceServer server = SluiceServer.start(options);
          HttpClient client = HttpClient.newHttpClient()) {
        JsonNode busyListener = gatewayStatus(server, "busy").path("listeners").path(0);
        assertThat(condition(busyListener, "Programmed").path("status").asString())
            .isEqualTo("False");
        assertThat(condition(busyListener, "Programmed").path("message").asString())
            .contains(String.valueOf(busy));
        JsonNode freeListener = gatewayStatus(server, "free").path("listeners").path(0);
        assertThat(condition(freeListener, "Programmed").path("status").asString())
            .isEqualTo("True");
        HttpResponse<String> response =
            client.send(
                TestHttp.get(URI.create("http://127.0.0.1:" + free + "/")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
      }
    }
  }

  @Test
  void anAddressThatIsNotOnThisMachineIsNotUsable() throws Exception {
    int port = FreePorts.next();
    // 203.0.113.0/24 is documentation space: binding it fails locally, no packet is ever sent.
    Files.writeString(
        dir.resolve("config.yaml"),
        Yaml.docs(
            Yaml.GATEWAY_CLASS,
            Yaml.gateway("elsewhere", port)
                .replace(
                    "  gatewayClassName: sluice\n",
                    "  gatewayClassName: sluice\n"
                        + "  addresses: [{type: IPAddress, value: 203.0.113.7}]\n")));
    ServerOptions options =
        ServerOptions.of(List.of(dir)).withAdmin(Optional.empty()).withWatch(false);

    try (SluiceServer server = SluiceServer.start(options)) {
      JsonNode status = gatewayStatus(server, "elsewhere");
      JsonNode programmed = condition(status, "Programmed");
      assertThat(programmed.path("status").asString()).isEqualTo("False");
      assertThat(programmed.path("reason").asString()).isEqualTo("AddressNotUsable");
      assertThat(status.path("addresses").isEmpty()).isTrue();
    }
  }

  private static String get(HttpClient client, String address, int port)
      throws IOException, InterruptedException {
    return client
        .send(
            TestHttp.get(URI.create("http://" + address + ":" + port + "/")),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String addressOf(SluiceServer server, String gateway) {
    return gatewayStatus(server, gateway).path("addresses").path(0).path("value").asString();
  }

  static JsonNode gatewayStatus(SluiceServer server, String name) {
    JsonNode list = StatusJson.tree(server.status().toKubernetesList());
    for (JsonNode item : list.path("items")) {
      if (item.path("kind").asString().equals("Gateway")
          && item.path("metadata").path("name").asString().equals(name)) {
        return item.path("status");
      }
    }
    throw new AssertionError("no Gateway " + name + " in " + list);
  }

  static JsonNode condition(JsonNode holder, String type) {
    for (JsonNode condition : holder.path("conditions")) {
      if (condition.path("type").asString().equals(type)) {
        return condition;
      }
    }
    throw new AssertionError("no condition " + type + " in " + holder);
  }
}
