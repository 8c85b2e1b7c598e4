package dev.sluice.it;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Converts status reports to JSON trees for assertions. */
final class StatusJson {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private StatusJson() {}

  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  static JsonNode parse(String json) {
    return MAPPER.readTree(json);
  }
}
