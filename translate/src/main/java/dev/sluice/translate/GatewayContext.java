package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Translation-time state of one Gateway of ours: the address it binds, a Gateway-level rejection if
 * any, its listeners and the ListenerSets attached to it. Mutable; confined to one {@link
 * Translator#translate} call.
 */
final class GatewayContext {

  private final Gateway gateway;
  private final GatewayAddresses.Choice address;
  private final Optional<Outcome> rejection;
  private final GatewayBackendCertificate backendCertificate;
  private final List<ListenerContext> listeners = new ArrayList<>();
  private final List<ListenerSetContext> listenerSets = new ArrayList<>();

  GatewayContext(
      Gateway gateway,
      GatewayAddresses.Choice address,
      Optional<Outcome> rejection,
      GatewayBackendCertificate backendCertificate) {
    this.gateway = gateway;
    this.address = address;
    this.rejection = rejection;
    this.backendCertificate = backendCertificate;
  }

  /** The client certificate for TLS backends of this Gateway's routes, and its condition. */
  GatewayBackendCertificate backendCertificate() {
    return backendCertificate;
  }

  Gateway gateway() {
    return gateway;
  }

  String namespace() {
    return gateway.getMetadata().getNamespace();
  }

  String name() {
    return gateway.getMetadata().getName();
  }

  String created() {
    return Objects.requireNonNullElse(gateway.getMetadata().getCreationTimestamp(), "");
  }

  GatewayAddresses.Choice address() {
    return address;
  }

  Optional<Outcome> rejection() {
    return rejection;
  }

  void add(ListenerContext listener) {
    listeners.add(listener);
  }

  /** The Gateway's own listeners ({@code spec.listeners}), in order. */
  List<ListenerContext> listeners() {
    return listeners;
  }

  void add(ListenerSetContext listenerSet) {
    listenerSets.add(listenerSet);
  }

  /** The ListenerSets naming this Gateway as parent, allowed or not, in precedence order. */
  List<ListenerSetContext> listenerSets() {
    return listenerSets;
  }

  /** The Gateway's listeners, then those of its allowed ListenerSets: everything it serves. */
  List<ListenerContext> allListeners() {
    List<ListenerContext> all = new ArrayList<>(listeners);
    listenerSets.forEach(s -> all.addAll(s.listeners()));
    return all;
  }

  /** How many ListenerSets are accepted ({@code status.attachedListenerSets}). */
  int attachedListenerSets() {
    return (int) listenerSets.stream().filter(ListenerSetContext::accepted).count();
  }

  /** Valid as a whole, with at least one valid listener. */
  boolean accepted() {
    return rejection.isEmpty() && listeners.stream().anyMatch(ListenerContext::accepted);
  }

  @Override
  public String toString() {
    return "Gateway " + namespace() + "/" + name();
  }
}
