package dev.sluice.translate;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.ir.UpstreamTls;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resolves a route's backend reference to an IR {@link Backend}: a core Service port with its
 * endpoints, upstream protocol ({@code appProtocol}) and TLS (BackendTLSPolicy), or {@link
 * Backend.Invalid} (answered with 500) with a {@code ResolvedRefs} issue saying why. Immutable
 * after construction.
 */
final class BackendRefResolver {

  static final int MAX_WEIGHT = 1_000_000;

  private final Map<String, Service> services;
  private final ReferenceGrants grants;
  private final EndpointResolver endpoints;
  private final BackendTlsPolicies policies;

  BackendRefResolver(
      List<Service> services,
      ReferenceGrants grants,
      EndpointResolver endpoints,
      BackendTlsPolicies policies) {
    this.services =
        services.stream()
            .collect(Collectors.toMap(BackendRefResolver::key, Function.identity(), (a, b) -> a));
    this.grants = grants;
    this.endpoints = endpoints;
    this.policies = policies;
  }

  /**
   * A weighted backend without filters, or empty (reported) when the weight is out of range.
   *
   * @param weight the weight as written; 1 when null
   */
  Optional<BackendRef> weighted(
      String routeKind,
      String routeNamespace,
      BackendTarget target,
      Integer weight,
      String field,
      RouteIssues issues) {
    int value = weight == null ? 1 : weight;
    if (value < 0 || value > MAX_WEIGHT) {
      issues.unsupported(
          field + ".weight", "weight " + value + " (expected: 0.." + MAX_WEIGHT + ")");
      return Optional.empty();
    }
    Backend backend = resolve(routeKind, routeNamespace, target, field, issues);
    return Optional.of(new BackendRef(backend, value, List.of()));
  }

  /**
   * Resolves {@code target}, referred to at {@code field} of a {@code routeKind} in {@code
   * routeNamespace}; problems go to {@code issues}.
   */
  Backend resolve(
      String routeKind,
      String routeNamespace,
      BackendTarget target,
      String field,
      RouteIssues issues) {
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
    String id = "Service " + target.namespace() + "/" + target.name();
    if (!target.namespace().equals(routeNamespace)
        && !grants.permits(
            new ReferenceGrants.Kind(Translator.GATEWAY_GROUP, routeKind),
            routeNamespace,
            ReferenceGrants.SERVICE,
            target.namespace(),
            target.name())) {
      return unresolved(
          issues,
          field,
          Conditions.REF_NOT_PERMITTED,
          id
              + " is in another namespace and no ReferenceGrant in namespace "
              + target.namespace()
              + " allows "
              + routeKind
              + "s from namespace "
              + routeNamespace
              + " to refer to it");
    }
    if (target.port().isEmpty()) {
      return unresolved(
          issues, field + ".port", Conditions.UNSUPPORTED_VALUE, "port is required for " + id);
    }
    Service service = services.get(target.namespace() + "/" + target.name());
    if (service == null) {
      return unresolved(issues, field, Conditions.BACKEND_NOT_FOUND, id + " not found");
    }
    int port = target.port().get();
    Optional<ServicePort> servicePort = servicePort(service, port);
    if (servicePort.isEmpty()) {
      return unresolved(
          issues,
          field + ".port",
          Conditions.BACKEND_NOT_FOUND,
          id + " has no port " + port + " (ports: " + describePorts(service) + ")");
    }
    return service(routeKind, target, service, servicePort.get(), issues);
  }

  private Backend service(
      String routeKind,
      BackendTarget target,
      Service service,
      ServicePort port,
      RouteIssues issues) {
    String portName = Objects.requireNonNullElse(port.getName(), "");
    issues.used(new ServicePortRef(target.namespace(), target.name(), portName));
    String name = target.namespace() + "/" + target.name() + ":" + port.getPort();
    UpstreamProtocol protocol = UpstreamProtocols.of(routeKind, port.getAppProtocol());
    Optional<RefResult<UpstreamTls>> tls =
        policies.forPort(target.namespace(), target.name(), portName);
    if (tls.isPresent() && tls.get() instanceof RefResult.Failed<UpstreamTls> failed) {
      // The policy is not usable; sending cleartext (or trusting anything) instead would be
      // worse than failing the request.
      return new Backend.Invalid(name + ": " + failed.message());
    }
    return new Backend.Service(
        name,
        endpoints.endpoints(service, port),
        protocol,
        tls.map(t -> ((RefResult.Ok<UpstreamTls>) t).value()));
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
