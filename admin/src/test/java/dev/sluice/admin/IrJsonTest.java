package dev.sluice.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.GatewayIr;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class IrJsonTest {

  private final GatewayIr ir = SampleIr.build();

  private JsonNode route() {
    JsonNode tree = IrJson.mapper().readTree(IrJson.toJson(ir));
    return tree.get("listeners").get(0).get("virtualHosts").get(0).get("routes").get(0);
  }

  @Test
  void namesEverySealedVariantInATypeProperty() {
    JsonNode filters = route().get("filters");

    assertThat(filters.findValuesAsString("type"))
        .containsExactly(
            "RequestHeaderModifier",
            "ResponseHeaderModifier",
            "RequestRedirect",
            "ReplaceFullPath",
            "RequestRedirect",
            "UrlRewrite",
            "ReplacePrefixMatch",
            "RequestMirror",
            "Service");
    JsonNode backends = route().get("backends");
    assertThat(backends.get(0).get("backend").get("type").asString()).isEqualTo("Service");
    assertThat(backends.get(1).get("backend").get("type").asString()).isEqualTo("Invalid");
    assertThat(backends.get(1).get("backend").get("reason").asString())
        .isEqualTo("service infra/missing not found");
  }

  @Test
  void writesPresentOptionalsAsValuesAndLeavesEmptyOnesOut() {
    JsonNode full = route().get("filters").get(2);
    JsonNode empty = route().get("filters").get(3);

    assertThat(full.get("scheme").asString()).isEqualTo("https");
    assertThat(full.get("hostname").asString()).isEqualTo("example.org");
    assertThat(full.get("path").get("path").asString()).isEqualTo("/new");
    assertThat(full.get("port").asInt()).isEqualTo(8443);
    assertThat(full.get("statusCode").asInt()).isEqualTo(301);
    assertThat(empty.propertyNames()).containsExactly("type", "statusCode");
    assertThat(route().get("key").get("ruleName").asString()).isEqualTo("rule-a");
    assertThat(route().get("match").get("method").asString()).isEqualTo("GET");
  }

  @Test
  void keepsRecordComponentOrderAndPrettyPrints() {
    String json = IrJson.toJson(ir);

    assertThat(json).contains("\n  ");
    assertThat(route().propertyNames())
        .containsExactly("key", "hostnames", "match", "filters", "backends", "timeouts");
    assertThat(route().get("match").get("path").get("kind").asString()).isEqualTo("PREFIX");
  }

  @Test
  void readsItsOwnOutputBack() {
    assertThat(IrJson.fromJson(IrJson.toJson(ir))).isEqualTo(ir);
    assertThat(IrJson.fromJson(IrJson.toJson(GatewayIr.EMPTY))).isEqualTo(GatewayIr.EMPTY);
  }
}
