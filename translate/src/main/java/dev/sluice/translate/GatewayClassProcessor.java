package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SupportedFeatureBuilder;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Accepts the GatewayClasses whose {@code controllerName} is ours, publishing {@link
 * SupportedFeatures} in their status, and ignores every other class. Stateless apart from its
 * inputs.
 */
final class GatewayClassProcessor {

  /** Which classes exist, which are ours, and the status copies of ours. */
  record Result(Map<String, GatewayClass> byName, List<GatewayClass> statuses) {

    Optional<GatewayClass> find(String name) {
      return Optional.ofNullable(byName.get(name));
    }

    static boolean isOurs(GatewayClass gatewayClass) {
      return gatewayClass.getSpec() != null
          && Translator.CONTROLLER_NAME.equals(gatewayClass.getSpec().getControllerName());
    }
  }

  private GatewayClassProcessor() {}

  static Result process(List<GatewayClass> classes, Problems problems) {
    Map<String, GatewayClass> byName =
        classes.stream()
            .collect(
                Collectors.toMap(c -> c.getMetadata().getName(), Function.identity(), (a, b) -> a));
    List<GatewayClass> statuses =
        classes.stream()
            .filter(Result::isOurs)
            .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
            .map(c -> withStatus(c, problems))
            .toList();
    return new Result(byName, statuses);
  }

  private static GatewayClass withStatus(GatewayClass gatewayClass, Problems problems) {
    if (gatewayClass.getSpec().getParametersRef() != null) {
      problems.warning(
          gatewayClass,
          "spec.parametersRef",
          "parametersRef is ignored: " + Translator.CONTROLLER_NAME + " takes no parameters");
    }
    Outcome accepted =
        Outcome.ok(
            Conditions.ACCEPTED,
            Conditions.ACCEPTED,
            "GatewayClass is accepted by " + Translator.CONTROLLER_NAME);
    GatewayClassStatus status =
        new GatewayClassStatusBuilder()
            .withConditions(Conditions.of(gatewayClass, accepted))
            .withSupportedFeatures(
                SupportedFeatures.names().stream()
                    .map(name -> new SupportedFeatureBuilder().withName(name).build())
                    .toList())
            .build();
    return new GatewayClassBuilder(gatewayClass).withStatus(status).build();
  }
}
