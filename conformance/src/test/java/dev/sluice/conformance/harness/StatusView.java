package dev.sluice.conformance.harness;

import java.util.Optional;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One reading of every object's status, as Sluice reports it ({@code /api/status}): the harness's
 * {@code kubectl get}.
 *
 * <p>Immutable.
 *
 * @param list the Kubernetes-style {@code List} with {@code items} and {@code problems}
 */
public record StatusView(JsonNode list) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Converts the server's status report (fabric8 objects in a map) to a JSON tree. */
  public static StatusView of(Object kubernetesList) {
    return new StatusView(JSON.valueToTree(kubernetesList));
  }

  /** The object of {@code kind} named {@code namespace/name} ({@code namespace} empty if none). */
  public Optional<JsonNode> find(String kind, String namespace, String name) {
    return StreamSupport.stream(list.path("items").spliterator(), false)
        .filter(item -> item.path("kind").asString("").equals(kind))
        .filter(item -> item.path("metadata").path("name").asString("").equals(name))
        .filter(
            item ->
                namespace.isEmpty()
                    || item.path("metadata").path("namespace").asString("").equals(namespace))
        .findFirst();
  }

  /** Whether the object is reported with {@code metadata.generation == generation}. */
  public boolean hasGeneration(ObjectKey key) {
    return find(key.kind(), key.namespace(), key.name())
        .map(item -> item.path("metadata").path("generation").asLong(1) == key.generation())
        .orElse(false);
  }

  /** The problems Sluice reports, as text (for failure messages). */
  public String problems() {
    return list.path("problems").toString();
  }

  /** A condition of {@code type} in {@code conditions}, if present. */
  public static Optional<JsonNode> condition(JsonNode conditions, String type) {
    return StreamSupport.stream(conditions.spliterator(), false)
        .filter(c -> c.path("type").asString("").equals(type))
        .findFirst();
  }

  @Override
  public String toString() {
    return list.toPrettyString();
  }
}
