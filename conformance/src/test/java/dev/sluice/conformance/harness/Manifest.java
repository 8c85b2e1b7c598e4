package dev.sluice.conformance.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A multi-document YAML manifest as the suite's applier sees it: the text with the class and
 * controller placeholders substituted, and its documents parsed.
 *
 * <p>Immutable.
 *
 * @param text the YAML to write
 * @param documents every document, parsed
 */
public record Manifest(String text, List<JsonNode> documents) {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  public Manifest {
    documents = List.copyOf(documents);
  }

  /** Parses {@code yaml} after substituting {@code {GATEWAY_CLASS_NAME}} and the controller. */
  public static Manifest of(String yaml) {
    String text =
        yaml.replace("{GATEWAY_CLASS_NAME}", BaseConfig.GATEWAY_CLASS)
            .replace("{GATEWAY_CONTROLLER_NAME}", BaseConfig.CONTROLLER);
    List<JsonNode> documents = new ArrayList<>();
    try (var values = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (values.hasNextValue()) {
        JsonNode document = (JsonNode) values.nextValue();
        if (document != null && document.isObject() && document.has("kind")) {
          documents.add(document);
        }
      }
    }
    return new Manifest(text, documents);
  }

  /** Reads the classpath resource {@code /manifests/<name>.yaml} (or a full resource path). */
  public static Manifest resource(String name) {
    String path = name.startsWith("/") ? name : "/manifests/" + name + ".yaml";
    try (InputStream in = Manifest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("manifest " + path + " not found on the classpath");
      }
      return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + path, e);
    }
  }

  /** The identity of every object in the manifest. */
  public List<ObjectKey> objects() {
    return documents.stream().map(Manifest::key).toList();
  }

  /** The documents of {@code kind}. */
  public List<JsonNode> ofKind(String kind) {
    return documents.stream().filter(d -> d.path("kind").asString("").equals(kind)).toList();
  }

  static ObjectKey key(JsonNode document) {
    JsonNode metadata = document.path("metadata");
    return new ObjectKey(
        document.path("apiVersion").asString(""),
        document.path("kind").asString(""),
        metadata.path("namespace").asString(defaultNamespace(document)),
        metadata.path("name").asString(""),
        metadata.path("generation").asLong(1));
  }

  private static String defaultNamespace(JsonNode document) {
    String kind = document.path("kind").asString("");
    return kind.equals("Namespace") || kind.equals("GatewayClass") ? "" : "default";
  }
}
