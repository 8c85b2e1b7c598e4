package dev.sluice.translate;

import dev.sluice.ir.RouteKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;

/** Makes the IR keys of one route rule's matches. Immutable. */
record RouteKeys(String kind, HasMetadata route, int rule, Optional<String> ruleName) {

  RouteKey of(int match) {
    return new RouteKey(
        kind,
        route.getMetadata().getNamespace(),
        route.getMetadata().getName(),
        rule,
        ruleName,
        match);
  }
}
