package dev.sluice.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** How a command prints objects: a table for people, YAML or JSON for tools. */
enum OutputFormat {
  TABLE,
  YAML,
  JSON;

  static final ObjectMapper JSON_MAPPER =
      JsonMapper.builder()
          .changeDefaultPropertyInclusion(
              incl -> incl.withValueInclusion(JsonInclude.Include.NON_EMPTY))
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  static final ObjectMapper YAML_MAPPER =
      YAMLMapper.builder()
          .changeDefaultPropertyInclusion(
              incl -> incl.withValueInclusion(JsonInclude.Include.NON_EMPTY))
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .build();

  /** Converts any value (fabric8 objects, records, maps) to a JSON tree. */
  static JsonNode tree(Object value) {
    return JSON_MAPPER.valueToTree(value);
  }

  /** Prints a status list in this format. */
  String renderStatus(JsonNode list) {
    return switch (this) {
      case TABLE -> StatusTable.render(list);
      case YAML -> YAML_MAPPER.writeValueAsString(list);
      case JSON -> JSON_MAPPER.writeValueAsString(list) + "\n";
    };
  }
}
