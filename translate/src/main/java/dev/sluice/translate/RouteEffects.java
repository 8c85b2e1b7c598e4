package dev.sluice.translate;

import dev.sluice.source.Problem;
import dev.sluice.source.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Everything translating one route produced, in a form a later translation can apply again:
 * listeners and Gateways are named by their position in the translation (see {@link RouteReplay}),
 * since every translation builds its own contexts. Immutable.
 *
 * @param location where the route was read from, which the problems name
 * @param status the route with its status, when a parent is ours
 * @param problems what the route's translation reported, in order
 * @param attached the listeners the route attached to, in order
 * @param used the Service ports the route uses, per Gateway
 */
record RouteEffects(
    Optional<SourceLocation> location,
    Optional<HasMetadata> status,
    List<Problem> problems,
    List<Attached> attached,
    List<Used> used) {

  /** An attachment to the listener at position {@code listener}. */
  record Attached(int listener, ListenerContext.Attachment attachment) {}

  /** A Service port used from the Gateway at position {@code gateway}. */
  record Used(ServicePortRef port, int gateway) {}

  RouteEffects {
    problems = List.copyOf(problems);
    attached = List.copyOf(attached);
    used = List.copyOf(used);
  }
}
