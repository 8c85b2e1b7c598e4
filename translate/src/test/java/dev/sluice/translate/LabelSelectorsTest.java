package dev.sluice.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {

  private static final Map<String, String> LABELS = Map.of("team", "shop", "env", "prod");

  @Test
  void emptySelectorMatchesEverything() {
    assertThat(LabelSelectors.matches(new LabelSelector(), LABELS)).isTrue();
    assertThat(LabelSelectors.matches(new LabelSelector(), Map.of())).isTrue();
  }

  @Test
  void matchLabelsMustAllBeEqual() {
    assertThat(LabelSelectors.matches(labels(Map.of("team", "shop")), LABELS)).isTrue();
    assertThat(LabelSelectors.matches(labels(Map.of("team", "shop", "env", "dev")), LABELS))
        .isFalse();
    assertThat(LabelSelectors.matches(labels(Map.of("missing", "x")), LABELS)).isFalse();
  }

  @Test
  void inAndNotIn() {
    assertThat(LabelSelectors.matches(expression("env", "In", "prod", "staging"), LABELS)).isTrue();
    assertThat(LabelSelectors.matches(expression("env", "In", "dev"), LABELS)).isFalse();
    assertThat(LabelSelectors.matches(expression("zone", "In", "a"), LABELS)).isFalse();
    assertThat(LabelSelectors.matches(expression("env", "NotIn", "dev"), LABELS)).isTrue();
    assertThat(LabelSelectors.matches(expression("env", "NotIn", "prod"), LABELS)).isFalse();
    assertThat(LabelSelectors.matches(expression("zone", "NotIn", "a"), LABELS)).isTrue();
  }

  @Test
  void existsAndDoesNotExist() {
    assertThat(LabelSelectors.matches(expression("team", "Exists"), LABELS)).isTrue();
    assertThat(LabelSelectors.matches(expression("zone", "Exists"), LABELS)).isFalse();
    assertThat(LabelSelectors.matches(expression("zone", "DoesNotExist"), LABELS)).isTrue();
    assertThat(LabelSelectors.matches(expression("team", "DoesNotExist"), LABELS)).isFalse();
  }

  @Test
  void labelsAndExpressionsMustAllHold() {
    LabelSelector selector =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of("team", "shop"))
            .addNewMatchExpression()
            .withKey("env")
            .withOperator("In")
            .withValues("dev")
            .endMatchExpression()
            .build();
    assertThat(LabelSelectors.matches(selector, LABELS)).isFalse();
  }

  @Test
  void malformedSelectorsAreReportedAndMatchNothing() {
    LabelSelector unknown = expression("env", "Near", "prod");
    assertThat(LabelSelectors.validate(unknown)).get().asString().contains("'Near'");
    assertThat(LabelSelectors.matches(unknown, LABELS)).isFalse();
    assertThat(LabelSelectors.validate(expression("env", "In"))).isPresent();
    assertThat(LabelSelectors.validate(expression("env", "In", "prod"))).isEmpty();
  }

  @Test
  void namespacesAlwaysCarryTheirNameLabel() {
    NamespaceLabels labels = new NamespaceLabels(List.of());
    assertThat(labels.of("shop")).containsEntry("kubernetes.io/metadata.name", "shop");
  }

  private static LabelSelector labels(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }

  private static LabelSelector expression(String key, String operator, String... values) {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator(operator)
        .withValues(values)
        .endMatchExpression()
        .build();
  }
}
