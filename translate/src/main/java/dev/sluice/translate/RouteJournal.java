package dev.sluice.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * What translating one route did to the state shared by the whole translation: the listeners it
 * attached to, and the Service ports whose BackendTLSPolicies learn a Gateway as ancestor. {@link
 * RouteParents} reports both here as it applies them, so that a {@link TranslationMemo} can apply
 * them again in a later translation without translating the route.
 *
 * <p>Mutable; confined to one {@link Translator#translate} call.
 */
final class RouteJournal {

  /** One attachment of the route to a listener. */
  record Attached(ListenerContext listener, ListenerContext.Attachment attachment) {}

  /** One Service port the route sends traffic to from a Gateway. */
  record Used(ServicePortRef port, GatewayContext gateway) {}

  /** Everything journaled for one route. */
  record Entries(List<Attached> attached, List<Used> used) {}

  private final List<Attached> attached = new ArrayList<>();
  private final List<Used> used = new ArrayList<>();

  void attached(ListenerContext listener, ListenerContext.Attachment attachment) {
    attached.add(new Attached(listener, attachment));
  }

  void used(ServicePortRef port, GatewayContext gateway) {
    used.add(new Used(port, gateway));
  }

  /** What was journaled since the last call; the journal is empty afterwards. */
  Entries take() {
    Entries entries = new Entries(List.copyOf(attached), List.copyOf(used));
    attached.clear();
    used.clear();
    return entries;
  }
}
