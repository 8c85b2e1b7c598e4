package dev.sluice.translate;

import dev.sluice.ir.GatewayIr;
import dev.sluice.source.Problem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;

/**
 * The output of one translation: what the data plane must do, and the status of every Gateway API
 * object as a conformant controller would write it.
 *
 * @param ir the data-plane configuration
 * @param statuses copies of every GatewayClass (of our controller), Gateway, ListenerSet and route,
 *     with {@code status} filled in, in a stable order (kind, namespace, name)
 * @param problems every problem found, each naming object and field
 */
public record TranslationResult(GatewayIr ir, List<HasMetadata> statuses, List<Problem> problems) {

  public TranslationResult {
    Objects.requireNonNull(ir, "ir");
    statuses = List.copyOf(statuses);
    problems = List.copyOf(problems);
  }
}
