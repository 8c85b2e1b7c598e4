package dev.sluice.cli;

import dev.sluice.source.YamlResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** How a command prints objects: a table for people, YAML or JSON for tools. */
enum OutputFormat {
  TABLE,
  YAML,
  JSON;

  static final ObjectMapper JSON_MAPPER = YamlResources.jsonMapper();

  /** Converts any value (fabric8 objects, records, maps) to a JSON tree. */
  static JsonNode tree(Object value) {
    return JSON_MAPPER.valueToTree(value);
  }

  /** Prints a status list in this format. */
  String renderStatus(JsonNode list) {
    return switch (this) {
      case TABLE -> StatusTable.render(list);
      case YAML -> YamlResources.toYaml(list);
      case JSON -> YamlResources.toJson(list) + "\n";
    };
  }
}
