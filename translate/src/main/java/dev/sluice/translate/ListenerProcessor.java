package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedRoutes;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteNamespaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks one listener of a Gateway or of a ListenerSet on its own (protocol, port, hostname,
 * allowedRoutes) and builds its {@link ListenerContext}. Conflicts between listeners are found
 * later by {@link ListenerConflicts}. Stateless.
 */
final class ListenerProcessor {

  private ListenerProcessor() {}

  static ListenerContext evaluate(
      GatewayContext gateway,
      ListenerOwner owner,
      int index,
      Listener spec,
      ListenerTlsResolver tlsResolver,
      Problems problems) {
    Optional<ListenerProtocols.Support> support = ListenerProtocols.support(spec);
    String prefix = "spec.listeners[" + index + "].";
    List<String> invalidKinds = new ArrayList<>();
    List<RouteGroupKind> kinds =
        supportedKinds(spec, support, prefix, invalidKinds, owner, problems);
    Optional<Outcome> unresolved =
        invalidKinds.isEmpty()
            ? Optional.empty()
            : Optional.of(
                Outcome.fail(
                    Conditions.RESOLVED_REFS,
                    Conditions.INVALID_ROUTE_KINDS,
                    "route kinds "
                        + invalidKinds
                        + " are not supported on protocol "
                        + spec.getProtocol()));
    Optional<Rejection> rejection = rejection(spec, support);
    rejection.ifPresent(
        r -> problems.error(owner.object(), prefix + r.field(), r.outcome().message()));
    RouteAdmission admission = admission(spec.getAllowedRoutes());
    ListenerTls tls =
        rejection.isPresent() || support.isEmpty()
            ? ListenerTls.NONE
            : tlsResolver.resolve(gateway, owner, spec, support.get(), prefix, problems);
    return new ListenerContext(
        gateway,
        owner,
        index,
        spec,
        support,
        kinds,
        admission,
        rejection.map(Rejection::outcome).or(tls::rejection),
        unresolved.or(tls::unresolved),
        tls);
  }

  /** Why a listener is not accepted, and the field (under the listener) at fault. */
  private record Rejection(String field, Outcome outcome) {
    Rejection(String field, String reason, String message) {
      this(field, Outcome.fail(Conditions.ACCEPTED, reason, message));
    }
  }

  /** The first reason the listener cannot be accepted, if any. */
  private static Optional<Rejection> rejection(
      Listener spec, Optional<ListenerProtocols.Support> support) {
    if (!ListenerProtocols.isKnown(String.valueOf(spec.getProtocol()))) {
      return Optional.of(
          new Rejection(
              "protocol",
              Conditions.UNSUPPORTED_PROTOCOL,
              "protocol '"
                  + spec.getProtocol()
                  + "' is not supported (expected: HTTP, HTTPS, TLS, TCP or UDP)"));
    }
    if (support.isEmpty()) {
      return Optional.of(
          new Rejection(
              "tls.mode",
              Conditions.UNSUPPORTED_VALUE,
              "tls.mode '"
                  + ListenerProtocols.mode(spec)
                  + "' is not supported with protocol "
                  + spec.getProtocol()
                  + ("HTTPS".equals(spec.getProtocol())
                      ? " (expected: Terminate)"
                      : " (expected: Terminate or Passthrough)")));
    }
    if (spec.getPort() == null || spec.getPort() < 1 || spec.getPort() > 65535) {
      return Optional.of(
          new Rejection(
              "port",
              Conditions.UNSUPPORTED_VALUE,
              "port " + spec.getPort() + " (expected: 1..65535)"));
    }
    Optional<String> badHostname =
        Optional.ofNullable(spec.getHostname()).flatMap(Hostnames::validate);
    if (badHostname.isPresent()) {
      return Optional.of(
          new Rejection("hostname", Conditions.UNSUPPORTED_VALUE, badHostname.get()));
    }
    return allowedRoutesProblem(spec.getAllowedRoutes())
        .map(m -> new Rejection("allowedRoutes.namespaces", Conditions.UNSUPPORTED_VALUE, m));
  }

  private static Optional<String> allowedRoutesProblem(AllowedRoutes allowed) {
    RouteNamespaces namespaces = allowed == null ? null : allowed.getNamespaces();
    if (namespaces == null || namespaces.getFrom() == null) {
      return Optional.empty();
    }
    return switch (namespaces.getFrom()) {
      case "Same", "All" -> Optional.empty();
      case "Selector" ->
          namespaces.getSelector() == null
              ? Optional.of("allowedRoutes.namespaces.selector is required when from is Selector")
              : LabelSelectors.validate(namespaces.getSelector())
                  .map(m -> "allowedRoutes.namespaces.selector: " + m);
      default ->
          Optional.of(
              "allowedRoutes.namespaces.from '"
                  + namespaces.getFrom()
                  + "' (expected: Same, All or Selector)");
    };
  }

  private static RouteAdmission admission(AllowedRoutes allowed) {
    RouteNamespaces namespaces = allowed == null ? null : allowed.getNamespaces();
    if (namespaces == null || namespaces.getFrom() == null) {
      return RouteAdmission.SAME;
    }
    return new RouteAdmission(namespaces.getFrom(), Optional.ofNullable(namespaces.getSelector()));
  }

  /**
   * The route kinds the listener serves: the protocol's kinds, narrowed to those listed in {@code
   * allowedRoutes.kinds}. Listed kinds the protocol cannot serve go to {@code invalid}.
   */
  private static List<RouteGroupKind> supportedKinds(
      Listener spec,
      Optional<ListenerProtocols.Support> support,
      String prefix,
      List<String> invalid,
      ListenerOwner owner,
      Problems problems) {
    List<RouteGroupKind> served =
        support.map(ListenerProtocols.Support::routeKinds).orElse(List.of());
    AllowedRoutes allowed = spec.getAllowedRoutes();
    if (allowed == null || allowed.getKinds() == null || allowed.getKinds().isEmpty()) {
      return served;
    }
    List<RouteGroupKind> result = new ArrayList<>();
    for (int i = 0; i < allowed.getKinds().size(); i++) {
      RouteGroupKind wanted = allowed.getKinds().get(i);
      String group = wanted.getGroup() == null ? Translator.GATEWAY_GROUP : wanted.getGroup();
      Optional<RouteGroupKind> match =
          served.stream()
              .filter(k -> k.getGroup().equals(group) && k.getKind().equals(wanted.getKind()))
              .findFirst();
      if (match.isPresent()) {
        result.add(match.get());
      } else if (support.isPresent()) {
        invalid.add(group + "/" + wanted.getKind());
        problems.error(
            owner.object(),
            prefix + "allowedRoutes.kinds[" + i + "]",
            "route kind "
                + group
                + "/"
                + wanted.getKind()
                + " cannot attach to a "
                + spec.getProtocol()
                + " listener (expected: "
                + describe(served)
                + ")");
      }
    }
    return result.stream().distinct().toList();
  }

  private static String describe(List<RouteGroupKind> kinds) {
    return String.join(", ", kinds.stream().map(k -> k.getGroup() + "/" + k.getKind()).toList());
  }
}
