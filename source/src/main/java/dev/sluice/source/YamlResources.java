package dev.sluice.source;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes model objects (fabric8 resources, statuses, IR records) as YAML or JSON for people and
 * tools to read: nulls and empty values are omitted, and YAML is written without a document marker
 * and with as few quotes as possible.
 *
 * <p>Thread-safe (the mappers are immutable).
 */
public final class YamlResources {

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .changeDefaultPropertyInclusion(YamlResources::nonEmpty)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .changeDefaultPropertyInclusion(YamlResources::nonEmpty)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private YamlResources() {}

  /** The object as a YAML document, without the leading {@code ---}. */
  public static String toYaml(Object value) {
    return YAML.writeValueAsString(value);
  }

  /** The object as indented JSON. */
  public static String toJson(Object value) {
    return JSON.writeValueAsString(value);
  }

  /** The YAML mapper behind {@link #toYaml}, for callers that stream or read. */
  public static ObjectMapper yamlMapper() {
    return YAML;
  }

  /** The JSON mapper behind {@link #toJson}, for callers that stream or read. */
  public static ObjectMapper jsonMapper() {
    return JSON;
  }

  private static JsonInclude.Value nonEmpty(JsonInclude.Value inclusion) {
    return inclusion
        .withValueInclusion(JsonInclude.Include.NON_EMPTY)
        .withContentInclusion(JsonInclude.Include.NON_NULL);
  }
}
