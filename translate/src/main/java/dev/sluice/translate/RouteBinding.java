package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One route object of any kind, as the shared parent logic ({@link RouteParents}) sees it.
 * Immutable.
 *
 * @param route the route object
 * @param kind its kind, e.g. {@code GRPCRoute}
 * @param parentRefs its {@code spec.parentRefs}
 * @param hostnames its {@code spec.hostnames}; empty for kinds without hostnames
 * @param attachment the route's translated rules for a listener, given the hostnames the route
 *     serves there
 */
record RouteBinding(
    HasMetadata route,
    String kind,
    List<ParentReference> parentRefs,
    List<String> hostnames,
    BiFunction<ListenerContext, List<String>, ListenerContext.Attachment> attachment) {

  RouteBinding {
    parentRefs = parentRefs == null ? List.of() : List.copyOf(parentRefs);
    hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
  }
}
