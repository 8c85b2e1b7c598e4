package dev.sluice.translate;

import dev.sluice.ir.ListenerKey;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.TlsTermination;
import dev.sluice.ir.VirtualHostType;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Translation-time state of one Gateway listener: what its spec says, what is wrong with it, its
 * TLS, and the routes attached to it. Mutable; confined to one {@link Translator#translate} call.
 */
final class ListenerContext {

  private final GatewayContext gateway;
  private final ListenerOwner owner;
  private final int index;
  private final Listener spec;
  private final Optional<ListenerProtocols.Support> support;
  private final List<RouteGroupKind> supportedKinds;
  private final RouteAdmission admission;
  private final Optional<Outcome> rejection;
  private final Optional<Outcome> unresolvedRefs;
  private final ListenerTls tls;
  private Optional<Outcome> conflict = Optional.empty();
  private final List<AttachedRoute> routes = new ArrayList<>();
  private final List<AttachedStreamRoute> streamRoutes = new ArrayList<>();
  private int attachedRoutes;

  ListenerContext(
      GatewayContext gateway,
      ListenerOwner owner,
      int index,
      Listener spec,
      Optional<ListenerProtocols.Support> support,
      List<RouteGroupKind> supportedKinds,
      RouteAdmission admission,
      Optional<Outcome> rejection,
      Optional<Outcome> unresolvedRefs,
      ListenerTls tls) {
    this.gateway = gateway;
    this.owner = owner;
    this.index = index;
    this.spec = spec;
    this.support = support;
    this.supportedKinds = List.copyOf(supportedKinds);
    this.admission = admission;
    this.rejection = rejection;
    this.unresolvedRefs = unresolvedRefs;
    this.tls = tls;
  }

  /** The Gateway serving this listener, also when a ListenerSet declares it. */
  GatewayContext gateway() {
    return gateway;
  }

  /** The Gateway or ListenerSet that declares this listener. */
  ListenerOwner owner() {
    return owner;
  }

  String name() {
    return Objects.requireNonNullElse(spec.getName(), "");
  }

  int port() {
    return spec.getPort() == null ? 0 : spec.getPort();
  }

  String protocol() {
    return Objects.requireNonNullElse(spec.getProtocol(), "");
  }

  Optional<String> hostname() {
    return Optional.ofNullable(spec.getHostname()).filter(h -> !h.isEmpty());
  }

  String field(String subfield) {
    return "spec.listeners[" + index + "]" + (subfield.isEmpty() ? "" : "." + subfield);
  }

  /**
   * The IR key: the owner's namespace and name, so a ListenerSet's listener is keyed {@code
   * (listenerSet namespace, listenerSet name, listener name)}.
   */
  ListenerKey key() {
    return new ListenerKey(owner.namespace(), owner.name(), name());
  }

  Optional<ListenerProtocol> irProtocol() {
    return support.map(ListenerProtocols.Support::protocol);
  }

  Optional<VirtualHostType> virtualHostType() {
    return support.map(ListenerProtocols.Support::type);
  }

  /** The TLS termination, when the listener terminates TLS and its references resolved. */
  Optional<TlsTermination> termination() {
    return tls.termination();
  }

  List<RouteGroupKind> supportedKinds() {
    return supportedKinds;
  }

  RouteAdmission admission() {
    return admission;
  }

  Optional<Outcome> rejection() {
    return rejection;
  }

  Optional<Outcome> unresolvedRefs() {
    return unresolvedRefs;
  }

  Optional<Outcome> conflict() {
    return conflict;
  }

  void markConflicted(String reason, String message) {
    if (conflict.isEmpty()) {
      conflict = Optional.of(Outcome.ok(Conditions.CONFLICTED, reason, message));
    }
  }

  /** Valid on its own and not in conflict with another listener. */
  boolean accepted() {
    return rejection.isEmpty() && conflict.isEmpty();
  }

  /**
   * Served by the data plane: accepted, on an accepted Gateway, with a route kind to serve, and
   * with its certificates when it terminates TLS.
   */
  boolean programmed() {
    return accepted() && gateway.accepted() && !supportedKinds.isEmpty() && hasNeededTls();
  }

  /** False only for a TLS-terminating listener whose certificates did not resolve. */
  boolean hasNeededTls() {
    return support.map(s -> !s.terminatesTls() || tls.termination().isPresent()).orElse(true);
  }

  boolean allowsKind(String group, String kind) {
    return supportedKinds.stream()
        .anyMatch(k -> group.equals(k.getGroup()) && kind.equals(k.getKind()));
  }

  /**
   * What one route object adds to a listener: its HTTP routes (HTTPRoute, GRPCRoute) or its stream
   * routes (TLSRoute, TCPRoute, UDPRoute). Immutable.
   */
  record Attachment(List<AttachedRoute> routes, List<AttachedStreamRoute> streamRoutes) {

    Attachment {
      routes = List.copyOf(routes);
      streamRoutes = List.copyOf(streamRoutes);
    }

    static Attachment http(List<AttachedRoute> routes) {
      return new Attachment(routes, List.of());
    }

    static Attachment streams(List<AttachedStreamRoute> streamRoutes) {
      return new Attachment(List.of(), streamRoutes);
    }
  }

  /** Attaches one route object. */
  void attach(Attachment attachment) {
    attachedRoutes++;
    routes.addAll(attachment.routes());
    streamRoutes.addAll(attachment.streamRoutes());
  }

  int attachedRoutes() {
    return attachedRoutes;
  }

  /** The attached routes in tie-break order (see {@link dev.sluice.ir.VirtualHost#routes()}). */
  List<AttachedRoute> routes() {
    return routes.stream().sorted(Comparator.naturalOrder()).toList();
  }

  /** The attached stream routes, oldest first. */
  List<AttachedStreamRoute> streamRoutes() {
    return streamRoutes.stream().sorted(Comparator.naturalOrder()).toList();
  }

  @Override
  public String toString() {
    return "listener " + name() + " of " + owner;
  }
}
