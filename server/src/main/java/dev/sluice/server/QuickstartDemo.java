package dev.sluice.server;

import dev.sluice.echo.EchoOptions;
import dev.sluice.echo.EchoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The embedded default that {@code sluice run} serves without {@code --config}: the {@code
 * examples/quickstart} folder (bundled on the class path) with its two echo backends started in
 * process on ephemeral ports.
 *
 * <p>The bundled YAML is the same as the example folder's; only the EndpointSlice ports are pointed
 * at the in-process echo servers. Not thread-safe; start once.
 */
public final class QuickstartDemo implements AutoCloseable {

  /** The files of {@code examples/quickstart}, bundled under {@link #RESOURCE_DIR}. */
  public static final List<String> FILES = List.of("gateway.yaml", "routes.yaml", "backends.yaml");

  static final String RESOURCE_DIR = "/dev/sluice/server/quickstart/";

  /** The address the quickstart Gateway listens on. */
  public static final String GATEWAY_URL = "http://127.0.0.1:8080";

  private final List<EchoServer> backends;
  private final Path configDir;

  private QuickstartDemo(List<EchoServer> backends, Path configDir) {
    this.backends = backends;
    this.configDir = configDir;
  }

  /** Starts the echo backends and writes the demo config to a temporary folder. */
  public static QuickstartDemo start() throws InterruptedException {
    List<EchoServer> backends = new ArrayList<>();
    try {
      EchoServer v1 = startEcho("echo-v1", backends);
      EchoServer v2 = startEcho("echo-v2", backends);
      Map<String, Integer> ports =
          Map.of("echo-v1", v1.address().getPort(), "echo-v2", v2.address().getPort());
      return new QuickstartDemo(List.copyOf(backends), writeConfig(ports));
    } catch (InterruptedException | RuntimeException e) {
      backends.forEach(EchoServer::close);
      throw e;
    }
  }

  private static EchoServer startEcho(String name, List<EchoServer> started)
      throws InterruptedException {
    EchoServer echo =
        EchoServer.start(
            new EchoOptions("127.0.0.1", 0, name + "-7d9c5b8f6d-x2k4q", "default", name));
    started.add(echo);
    return echo;
  }

  private static Path writeConfig(Map<String, Integer> endpointPorts) {
    try {
      Path dir = Files.createTempDirectory("sluice-quickstart-");
      dir.toFile().deleteOnExit();
      YAMLMapper yaml = YAMLMapper.builder().build();
      for (String file : FILES) {
        StringBuilder out = new StringBuilder();
        for (JsonNode document :
            yaml.readerFor(JsonNode.class).<JsonNode>readValues(read(file)).readAll()) {
          pointEndpointsAt(document, endpointPorts);
          out.append(yaml.writeValueAsString(document));
        }
        Path target = dir.resolve(file);
        Files.writeString(target, out);
        target.toFile().deleteOnExit();
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the quickstart config", e);
    }
  }

  private static void pointEndpointsAt(JsonNode document, Map<String, Integer> endpointPorts) {
    if (!"EndpointSlice".equals(document.path("kind").asString())) {
      return;
    }
    Integer port = endpointPorts.get(document.path("metadata").path("name").asString());
    if (port != null) {
      for (JsonNode slicePort : document.path("ports")) {
        ((ObjectNode) slicePort).put("port", port);
      }
    }
  }

  private static String read(String file) throws IOException {
    try (InputStream in = QuickstartDemo.class.getResourceAsStream(RESOURCE_DIR + file)) {
      if (in == null) {
        throw new IOException("quickstart file " + file + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The folder to pass as {@code --config}. */
  public Path configDir() {
    return configDir;
  }

  /** What to try, printed by {@code sluice run}. */
  public static String tryThis() {
    return String.join(
        "\n",
        "Sluice quickstart: a Gateway on " + GATEWAY_URL + " with two echo backends.",
        "Try:",
        "  curl -s " + GATEWAY_URL + "/hello                      # echo-v1 answers",
        "  curl -s -H 'x-canary: true' " + GATEWAY_URL + "/hello  # header match: echo-v2",
        "  curl -s " + GATEWAY_URL + "/api/users                  # rewritten to /users",
        "  curl -si " + GATEWAY_URL + "/old                       # 301 to /new",
        "  for i in $(seq 10); do curl -s "
            + GATEWAY_URL
            + "/split | grep -o 'echo-v.'; done  # 80/20 split",
        "  curl -s http://127.0.0.1:9901/api/status               # every object's status",
        "The config is examples/quickstart/ (copy it to start your own).");
  }

  @Override
  public void close() {
    backends.forEach(EchoServer::close);
  }
}
