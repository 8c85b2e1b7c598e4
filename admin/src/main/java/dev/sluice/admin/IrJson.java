package dev.sluice.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.sluice.ir.Backend;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.PathModifier;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;

/**
 * JSON for the {@link GatewayIr}, shared by the admin API ({@code /api/snapshot}) and the CLI
 * ({@code sluice translate}).
 *
 * <p>The IR carries no Jackson annotations, so the mapping is configured here: a value of a sealed
 * interface ({@link HttpFilterSpec}, {@link PathModifier}, {@link Backend}) gets a {@code type}
 * property naming its record ({@code "type" : "RequestRedirect"}); an empty {@code Optional} or
 * {@code OptionalInt} leaves its property out; record components keep their declaration order;
 * output is pretty-printed. The mapping also reads such JSON back ({@link #fromJson}).
 *
 * <p>Thread-safe: the mapper is immutable.
 */
public final class IrJson {

  private static final List<Class<?>> SEALED_ROOTS =
      List.of(HttpFilterSpec.class, PathModifier.class, Backend.class);
  private static final JsonMapper MAPPER = build();

  private IrJson() {}

  /** The configured mapper, for callers that serialize IR parts or wrap the IR in more JSON. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The IR as pretty-printed JSON. */
  public static String toJson(GatewayIr ir) {
    return MAPPER.writeValueAsString(Objects.requireNonNull(ir, "ir"));
  }

  /**
   * Reads JSON written by {@link #toJson} back into an IR.
   *
   * @throws tools.jackson.core.JacksonException when {@code json} is not such a document
   */
  public static GatewayIr fromJson(String json) {
    return MAPPER.readValue(json, GatewayIr.class);
  }

  private static JsonMapper build() {
    JsonMapper.Builder builder =
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .changeDefaultPropertyInclusion(
                inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_ABSENT));
    for (Class<?> root : SEALED_ROOTS) {
      builder.addMixIn(root, TypedByRecordName.class);
      for (Class<?> subtype : root.getPermittedSubclasses()) {
        builder.registerSubtypes(new NamedType(subtype, subtype.getSimpleName()));
      }
    }
    return builder.build();
  }

  /** Mixed into each sealed IR interface: the {@code type} property names the record. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
  private interface TypedByRecordName {}
}
