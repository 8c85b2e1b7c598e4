package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedListeners;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntry;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerNamespaces;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentGatewayReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Attaches ListenerSets to the Gateways of ours they name in {@code spec.parentRef}. The Gateway's
 * {@code spec.allowedListeners.namespaces.from} decides which it accepts: {@code None} (the
 * default), {@code Same}, {@code All} or {@code Selector}. Each listener of an allowed ListenerSet
 * is checked like a Gateway listener, then against the listeners that take precedence: the
 * Gateway's own, then those of older ListenerSets (creation time, then namespace/name), then
 * earlier ones of the same set. A listener that shares a port with one of them but needs another
 * socket gets {@code ProtocolConflict}; one with the same port and hostname gets {@code
 * HostnameConflict}. The winners are never affected. Stateless.
 */
final class ListenerSets {

  static final String KIND = "ListenerSet";

  private ListenerSets() {}

  /**
   * @param gateways our Gateways by {@code namespace/name}
   * @return one context per ListenerSet whose parent is a Gateway of ours, in precedence order
   */
  static List<ListenerSetContext> process(
      List<ListenerSet> listenerSets,
      Map<String, GatewayContext> gateways,
      NamespaceLabels labels,
      TlsReferences tls,
      Problems problems) {
    List<ListenerSetContext> result = new ArrayList<>();
    ListenerTlsResolver resolver = new ListenerTlsResolver(tls);
    for (ListenerSet set : byPrecedence(listenerSets)) {
      parent(set, gateways, problems)
          .ifPresent(
              gateway -> {
                ListenerSetContext context =
                    new ListenerSetContext(set, gateway, notAllowed(set, gateway, labels));
                if (context.notAllowed().isEmpty()) {
                  listeners(context, resolver, problems);
                } else {
                  problems.error(set, "spec.parentRef", context.notAllowed().get().message());
                }
                gateway.add(context);
                result.add(context);
              });
    }
    return result;
  }

  private static List<ListenerSet> byPrecedence(List<ListenerSet> sets) {
    return sets.stream()
        .sorted(
            Comparator.comparing(
                    (ListenerSet s) ->
                        Objects.requireNonNullElse(s.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(s -> String.valueOf(s.getMetadata().getNamespace()))
                .thenComparing(s -> s.getMetadata().getName()))
        .toList();
  }

  /** The Gateway of ours the ListenerSet names, if any; other parents are not ours to report. */
  private static Optional<GatewayContext> parent(
      ListenerSet set, Map<String, GatewayContext> gateways, Problems problems) {
    ParentGatewayReference ref = set.getSpec() == null ? null : set.getSpec().getParentRef();
    if (ref == null) {
      problems.error(set, "spec.parentRef", "parentRef is required");
      return Optional.empty();
    }
    String group = Objects.requireNonNullElse(ref.getGroup(), Translator.GATEWAY_GROUP);
    String kind = Objects.requireNonNullElse(ref.getKind(), "Gateway");
    if (!group.equals(Translator.GATEWAY_GROUP) || !kind.equals("Gateway")) {
      problems.warning(
          set, "spec.parentRef", "parent " + group + "/" + kind + " is not a Gateway; ignored");
      return Optional.empty();
    }
    String namespace =
        Objects.requireNonNullElse(ref.getNamespace(), set.getMetadata().getNamespace());
    return Optional.ofNullable(gateways.get(namespace + "/" + ref.getName()));
  }

  private static Optional<Outcome> notAllowed(
      ListenerSet set, GatewayContext gateway, NamespaceLabels labels) {
    Gateway spec = gateway.gateway();
    AllowedListeners allowed = spec.getSpec().getAllowedListeners();
    ListenerNamespaces namespaces = allowed == null ? null : allowed.getNamespaces();
    String from =
        namespaces == null || namespaces.getFrom() == null ? "None" : namespaces.getFrom();
    String namespace = set.getMetadata().getNamespace();
    boolean ok =
        switch (from) {
          case "All" -> true;
          case "Same" -> namespace.equals(gateway.namespace());
          case "Selector" ->
              namespaces.getSelector() != null
                  && LabelSelectors.matches(namespaces.getSelector(), labels.of(namespace));
          default -> false;
        };
    return ok
        ? Optional.empty()
        : Optional.of(
            Outcome.fail(
                Conditions.ACCEPTED,
                Conditions.NOT_ALLOWED,
                gateway
                    + " does not allow ListenerSets from namespace "
                    + namespace
                    + " (its spec.allowedListeners.namespaces.from is "
                    + from
                    + ")"));
  }

  private static void listeners(
      ListenerSetContext context, ListenerTlsResolver resolver, Problems problems) {
    ListenerSet set = context.listenerSet();
    List<ListenerEntry> entries =
        set.getSpec().getListeners() == null ? List.of() : set.getSpec().getListeners();
    if (entries.isEmpty()) {
      problems.error(set, "spec.listeners", "the ListenerSet has no listeners (expected: 1..64)");
    }
    ListenerOwner owner = new ListenerOwner(set, ListenerOwner.LISTENER_SET);
    List<ListenerContext> taken = new ArrayList<>(context.gateway().allListeners());
    for (int i = 0; i < entries.size(); i++) {
      ListenerContext listener =
          ListenerProcessor.evaluate(
              context.gateway(), owner, i, asListener(entries.get(i)), resolver, problems);
      ListenerPrecedence.check(listener, taken, problems);
      context.add(listener);
      taken.add(listener);
    }
  }

  /** A ListenerSet entry has the fields of a Gateway listener. */
  private static Listener asListener(ListenerEntry entry) {
    return new ListenerBuilder()
        .withName(entry.getName())
        .withHostname(entry.getHostname())
        .withPort(entry.getPort())
        .withProtocol(entry.getProtocol())
        .withTls(entry.getTls())
        .withAllowedRoutes(entry.getAllowedRoutes())
        .build();
  }
}
