package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendObjectReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A backend reference with the Gateway API defaults applied: core group, kind {@code Service}, the
 * route's namespace. Immutable.
 */
record BackendTarget(
    String group, String kind, String name, String namespace, Optional<Integer> port) {

  static BackendTarget of(HTTPBackendRef ref, String routeNamespace) {
    return create(
        ref.getGroup(),
        ref.getKind(),
        ref.getName(),
        ref.getNamespace(),
        ref.getPort(),
        routeNamespace);
  }

  static BackendTarget of(GRPCBackendRef ref, String routeNamespace) {
    return create(
        ref.getGroup(),
        ref.getKind(),
        ref.getName(),
        ref.getNamespace(),
        ref.getPort(),
        routeNamespace);
  }

  static BackendTarget of(BackendRef ref, String routeNamespace) {
    return create(
        ref.getGroup(),
        ref.getKind(),
        ref.getName(),
        ref.getNamespace(),
        ref.getPort(),
        routeNamespace);
  }

  static BackendTarget of(BackendObjectReference ref, String routeNamespace) {
    return create(
        ref.getGroup(),
        ref.getKind(),
        ref.getName(),
        ref.getNamespace(),
        ref.getPort(),
        routeNamespace);
  }

  private static BackendTarget create(
      String group,
      String kind,
      String name,
      String namespace,
      Integer port,
      String routeNamespace) {
    return new BackendTarget(
        Objects.requireNonNullElse(group, ""),
        Objects.requireNonNullElse(kind, "Service"),
        Objects.requireNonNullElse(name, ""),
        Objects.requireNonNullElse(namespace, routeNamespace),
        Optional.ofNullable(port));
  }

  boolean isService() {
    return group.isEmpty() && kind.equals("Service");
  }

  String describe() {
    return (group.isEmpty() ? "" : group + "/") + kind + " " + namespace + "/" + name;
  }
}
