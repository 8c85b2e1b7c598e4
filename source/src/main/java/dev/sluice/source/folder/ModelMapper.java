package dev.sluice.source.folder;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Jackson mapper that reads config YAML into fabric8 model objects.
 *
 * <p>Thread-safe (Jackson mappers are immutable once built).
 */
final class ModelMapper {

  /**
   * Strict where Kubernetes is strict, so that a config which loads here also applies to a cluster:
   * duplicate keys, quoted numbers and booleans, and fractional integers are errors. Unknown fields
   * are not errors (the API server prunes them); the fabric8 any-setter, which would keep them in
   * {@code additionalProperties}, is switched off so they reach the problem handler instead.
   */
  static final YAMLMapper INSTANCE =
      YAMLMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          // Documents are bound one at a time from a parser over the whole file: the next
          // document is not trailing garbage.
          .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .annotationIntrospector(new NoAnySetterIntrospector())
          .withCoercionConfig(LogicalType.Integer, ModelMapper::failFromString)
          .withCoercionConfig(LogicalType.Float, ModelMapper::failFromString)
          .withCoercionConfig(LogicalType.Boolean, ModelMapper::failFromString)
          .build();

  private ModelMapper() {}

  private static void failFromString(tools.jackson.databind.cfg.MutableCoercionConfig config) {
    config.setCoercion(CoercionInputShape.String, CoercionAction.Fail);
  }

  /** Ignores {@code @JsonAnySetter}, so unknown properties are reported rather than stored. */
  private static final class NoAnySetterIntrospector extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
      return Boolean.FALSE;
    }
  }
}
