package dev.sluice.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A structure-aware mutator for multi-document config YAML: parses the documents into trees, then
 * removes fields, replaces scalars with hostile or boundary values, duplicates list entries and
 * copies subtrees between documents, so that most mutants still load and reach deep into the
 * translator. Deterministic for a given random source. Not thread-safe.
 */
final class ConfigMutator {

  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  private static final Object[] VALUES = {
    "",
    "*",
    "*.example.com",
    "example.com.",
    "a..b",
    "-",
    "/",
    "/../admin",
    "//",
    "%2e%2e",
    "(a+)+$",
    "[",
    "x\r\nInjected: 1",
    "0s",
    "1ms",
    "99999h",
    "0",
    "-1",
    "0.5",
    "1Gi",
    "8Ki",
    "HTTP",
    "HTTPS",
    "TLS",
    "TCP",
    "UDP",
    "Gateway",
    "Service",
    "",
    "default",
    "sluice",
    "web",
    "http",
    "gateway.networking.k8s.io",
    0,
    -1,
    1,
    80,
    443,
    65535,
    65536,
    Integer.MAX_VALUE,
    true,
    false
  };

  private final SplittableRandom random;
  private final List<String> seeds;

  ConfigMutator(SplittableRandom random, List<String> seeds) {
    this.random = random;
    this.seeds = seeds;
  }

  /** A mutant of a random seed, with one to six mutations, as multi-document YAML. */
  String next() {
    List<JsonNode> documents = new ArrayList<>();
    for (JsonNode doc : YAML.readValues(YAML.createParser(pick()), JsonNode.class).readAll()) {
      if (doc != null && doc.isObject()) {
        documents.add(doc);
      }
    }
    int mutations = 1 + random.nextInt(6);
    for (int i = 0; i < mutations && !documents.isEmpty(); i++) {
      mutate(documents);
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode doc : documents) {
      out.append("---\n").append(YAML.writeValueAsString(doc).replaceFirst("^---\n", ""));
    }
    return out.toString();
  }

  private String pick() {
    return seeds.get(random.nextInt(seeds.size()));
  }

  private void mutate(List<JsonNode> documents) {
    JsonNode doc = documents.get(random.nextInt(documents.size()));
    List<ContainerNode<?>> containers = new ArrayList<>();
    collect(doc, containers);
    ContainerNode<?> target = containers.get(random.nextInt(containers.size()));
    switch (random.nextInt(4)) {
      case 0 -> remove(target);
      case 1 -> replace(target);
      case 2 -> duplicate(target);
      default -> documents.add(doc.deepCopy());
    }
  }

  private static void collect(JsonNode node, List<ContainerNode<?>> into) {
    if (node instanceof ContainerNode<?> container && !node.isEmpty()) {
      into.add(container);
      node.values().forEach(child -> collect(child, into));
    }
  }

  private void remove(ContainerNode<?> node) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>(object.propertyNames());
      object.remove(names.get(random.nextInt(names.size())));
    } else if (node instanceof ArrayNode array) {
      array.remove(random.nextInt(array.size()));
    }
  }

  private void replace(ContainerNode<?> node) {
    JsonNode value = YAML.valueToTree(VALUES[random.nextInt(VALUES.length)]);
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>(object.propertyNames());
      object.set(names.get(random.nextInt(names.size())), value);
    } else if (node instanceof ArrayNode array) {
      array.set(random.nextInt(array.size()), value);
    }
  }

  private void duplicate(ContainerNode<?> node) {
    if (node instanceof ArrayNode array) {
      array.add(array.get(random.nextInt(array.size())).deepCopy());
    } else {
      replace(node);
    }
  }
}
