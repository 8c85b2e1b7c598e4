package dev.sluice.translate;

import dev.sluice.ir.Backend;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resolves a route's backend reference to an IR {@link Backend}: a core Service port and its
 * endpoints, or {@link Backend.Invalid} (answered with 500) with a {@code ResolvedRefs} issue
 * saying why. Immutable after construction.
 */
final class BackendRefResolver {

  private final Map<String, Service> services;
  private final ReferenceGrants grants;
  private final EndpointResolver endpoints;

  BackendRefResolver(List<Service> services, ReferenceGrants grants, EndpointResolver endpoints) {
    this.services =
        services.stream()
            .collect(Collectors.toMap(BackendRefResolver::key, Function.identity(), (a, b) -> a));
    this.grants = grants;
    this.endpoints = endpoints;
  }

  /**
   * Resolves {@code target}, referred to at {@code field} of a route in {@code routeNamespace};
   * problems go to {@code issues}.
   */
  Backend resolve(String routeNamespace, BackendTarget target, String field, RouteIssues issues) {
    if (!target.isService()) {
      return unresolved(
          issues,
          field,
          Conditions.INVALID_KIND,
          "backend kind "
              + target.describe()
              + " is not supported (expected: a core Service,"
              + " group \"\" and kind Service)");
    }
    if (!target.namespace().equals(routeNamespace)
        && !grants.permits(
            ReferenceGrants.HTTP_ROUTE,
            routeNamespace,
            ReferenceGrants.SERVICE,
            target.namespace(),
            target.name())) {
      return unresolved(
          issues,
          field,
          Conditions.REF_NOT_PERMITTED,
          "Service "
              + target.namespace()
              + "/"
              + target.name()
              + " is in another namespace and no"
              + " ReferenceGrant in namespace "
              + target.namespace()
              + " allows HTTPRoutes from"
              + " namespace "
              + routeNamespace
              + " to refer to it");
    }
    if (target.port().isEmpty()) {
      return unresolved(
          issues,
          field + ".port",
          Conditions.UNSUPPORTED_VALUE,
          "port is required for Service " + target.namespace() + "/" + target.name());
    }
    Service service = services.get(target.namespace() + "/" + target.name());
    if (service == null) {
      return unresolved(
          issues,
          field,
          Conditions.BACKEND_NOT_FOUND,
          "Service " + target.namespace() + "/" + target.name() + " not found");
    }
    int port = target.port().get();
    return servicePort(service, port)
        .<Backend>map(
            p ->
                new Backend.Service(
                    target.namespace() + "/" + target.name() + ":" + port,
                    endpoints.endpoints(service, p)))
        .orElseGet(
            () ->
                unresolved(
                    issues,
                    field + ".port",
                    Conditions.BACKEND_NOT_FOUND,
                    "Service "
                        + target.namespace()
                        + "/"
                        + target.name()
                        + " has no port "
                        + port
                        + " (ports: "
                        + describePorts(service)
                        + ")"));
  }

  private static Backend unresolved(
      RouteIssues issues, String field, String reason, String message) {
    issues.unresolved(field, reason, message);
    return new Backend.Invalid(message);
  }

  private static Optional<ServicePort> servicePort(Service service, int port) {
    return ports(service).stream()
        .filter(p -> Objects.equals(p.getPort(), port) && port >= 1 && port <= 65535)
        .findFirst();
  }

  private static String describePorts(Service service) {
    List<String> ports = ports(service).stream().map(p -> String.valueOf(p.getPort())).toList();
    return ports.isEmpty() ? "none" : String.join(", ", ports);
  }

  private static List<ServicePort> ports(Service service) {
    return service.getSpec() == null || service.getSpec().getPorts() == null
        ? List.of()
        : service.getSpec().getPorts();
  }

  private static String key(Service service) {
    return service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
  }
}
