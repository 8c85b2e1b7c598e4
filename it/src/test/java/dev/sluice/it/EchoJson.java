package dev.sluice.it;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the echo backend's JSON answer. */
final class EchoJson {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private EchoJson() {}

  static JsonNode parse(String body) {
    return MAPPER.readTree(body);
  }

  static String service(String body) {
    return parse(body).path("service").asString();
  }

  static String path(String body) {
    return parse(body).path("path").asString();
  }

  /** The first value of a request header as the backend saw it, or "" when absent. */
  static String header(String body, String name) {
    JsonNode headers = parse(body).path("headers");
    for (var entry : headers.properties()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue().path(0).asString();
      }
    }
    return "";
  }
}
