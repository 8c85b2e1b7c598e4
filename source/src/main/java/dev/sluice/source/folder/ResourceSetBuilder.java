package dev.sluice.source.folder;

import dev.sluice.source.ObjectRef;
import dev.sluice.source.Problem;
import dev.sluice.source.ResourceSet;
import dev.sluice.source.SourceLocation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects loaded objects into a {@link ResourceSet}, in the order they were read, rejecting
 * duplicates: the first object with a given kind, namespace and name wins.
 *
 * <p>Not thread-safe; one builder per load.
 */
final class ResourceSetBuilder {

  private final Map<ObjectRef, LoadedObject> objects = new LinkedHashMap<>();
  private final List<Problem> problems = new ArrayList<>();

  void add(LoadedObject object) {
    LoadedObject first = objects.putIfAbsent(object.ref(), object);
    if (first != null) {
      problems.add(
          new Problem(
              Problem.Severity.ERROR,
              Optional.of(object.location()),
              Optional.of(object.ref()),
              "",
              "duplicate %s, already defined at %s; this one is ignored"
                  .formatted(object.ref(), first.location())));
    }
  }

  /** Duplicates found so far. */
  List<Problem> problems() {
    return List.copyOf(problems);
  }

  ResourceSet build() {
    Map<ObjectRef, SourceLocation> locations = new LinkedHashMap<>();
    objects.forEach((ref, object) -> locations.put(ref, object.location()));
    return new ResourceSet(
        all(ResourceKind.GATEWAY_CLASS, GatewayClass.class),
        all(ResourceKind.GATEWAY, Gateway.class),
        all(ResourceKind.LISTENER_SET, ListenerSet.class),
        all(ResourceKind.HTTP_ROUTE, HTTPRoute.class),
        all(ResourceKind.GRPC_ROUTE, GRPCRoute.class),
        all(ResourceKind.TLS_ROUTE, TLSRoute.class),
        all(ResourceKind.TCP_ROUTE, TCPRoute.class),
        all(ResourceKind.UDP_ROUTE, UDPRoute.class),
        all(ResourceKind.REFERENCE_GRANT, ReferenceGrant.class),
        all(ResourceKind.BACKEND_TLS_POLICY, BackendTLSPolicy.class),
        all(ResourceKind.NAMESPACE, Namespace.class),
        all(ResourceKind.SERVICE, Service.class),
        all(ResourceKind.ENDPOINT_SLICE, EndpointSlice.class),
        all(ResourceKind.SECRET, Secret.class),
        all(ResourceKind.CONFIG_MAP, ConfigMap.class),
        locations,
        objects.values().stream()
            .filter(o -> o.kind().sluicePolicy())
            .map(LoadedObject::object)
            .toList());
  }

  private <T> List<T> all(ResourceKind kind, Class<T> type) {
    return objects.values().stream()
        .filter(o -> o.kind() == kind)
        .map(o -> type.cast(o.object()))
        .toList();
  }
}
