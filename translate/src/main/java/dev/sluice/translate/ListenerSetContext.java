package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translation-time state of one ListenerSet whose parent is a Gateway of ours: whether the Gateway
 * allows it ({@code spec.allowedListeners}) and, when it does, its listeners, which the Gateway
 * serves next to its own. Mutable; confined to one {@link Translator#translate} call.
 */
final class ListenerSetContext {

  private final ListenerSet listenerSet;
  private final GatewayContext gateway;
  private final Optional<Outcome> notAllowed;
  private final List<ListenerContext> listeners = new ArrayList<>();

  /**
   * @param notAllowed {@code Accepted=False/NotAllowed} when the Gateway does not allow this
   *     ListenerSet
   */
  ListenerSetContext(
      ListenerSet listenerSet, GatewayContext gateway, Optional<Outcome> notAllowed) {
    this.listenerSet = listenerSet;
    this.gateway = gateway;
    this.notAllowed = notAllowed;
  }

  ListenerSet listenerSet() {
    return listenerSet;
  }

  GatewayContext gateway() {
    return gateway;
  }

  Optional<Outcome> notAllowed() {
    return notAllowed;
  }

  String namespace() {
    return listenerSet.getMetadata().getNamespace();
  }

  String name() {
    return listenerSet.getMetadata().getName();
  }

  void add(ListenerContext listener) {
    listeners.add(listener);
  }

  /** The listeners, empty when the ListenerSet is not allowed. */
  List<ListenerContext> listeners() {
    return listeners;
  }

  /** Allowed by an accepted Gateway, with at least one valid listener. */
  boolean accepted() {
    return notAllowed.isEmpty()
        && gateway.accepted()
        && listeners.stream().anyMatch(ListenerContext::accepted);
  }

  @Override
  public String toString() {
    return "ListenerSet " + namespace() + "/" + name();
  }
}
