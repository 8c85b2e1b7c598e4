package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which listeners of a Gateway or ListenerSet a route attaches to through one parentRef:
 * those that match its sectionName and port, are valid, allow the route's namespace and kind, and
 * share a hostname with it. Stateless.
 *
 * @param listeners the attached listeners, each with the hostnames the route serves on it
 * @param failure why the route attaches to no listener ({@code Accepted=False})
 */
record ParentAttachment(Map<ListenerContext, List<String>> listeners, Optional<Outcome> failure) {

  /**
   * @param parent the Gateway or ListenerSet the parentRef names, for messages
   * @param candidates that parent's listeners: a Gateway's own, or a ListenerSet's
   */
  static ParentAttachment attach(
      ParentReference ref,
      Object parent,
      List<ListenerContext> candidates,
      String routeKind,
      String routeNamespace,
      List<String> routeHostnames,
      NamespaceLabels labels) {
    List<ListenerContext> named =
        candidates.stream()
            .filter(l -> ref.getSectionName() == null || ref.getSectionName().equals(l.name()))
            .filter(l -> ref.getPort() == null || ref.getPort() == l.port())
            .toList();
    if (named.isEmpty()) {
      return failed(Conditions.NO_MATCHING_PARENT, parent + " has no listener" + describe(ref));
    }
    List<ListenerContext> valid = named.stream().filter(ListenerContext::accepted).toList();
    if (valid.isEmpty()) {
      return failed(
          Conditions.NO_MATCHING_PARENT,
          "no valid listener" + describe(ref) + " on " + parent + ": " + rejected(named));
    }
    List<ListenerContext> allowing =
        valid.stream()
            .filter(l -> l.allowsKind(Translator.GATEWAY_GROUP, routeKind))
            .filter(l -> l.admission().allows(routeNamespace, l.owner().namespace(), labels))
            .toList();
    if (allowing.isEmpty()) {
      return failed(
          Conditions.NOT_ALLOWED_BY_LISTENERS, notAllowed(valid, routeKind, routeNamespace));
    }
    Map<ListenerContext, List<String>> attached = new LinkedHashMap<>();
    for (ListenerContext listener : allowing) {
      Hostnames.intersect(listener.hostname(), routeHostnames)
          .ifPresent(h -> attached.put(listener, h));
    }
    if (attached.isEmpty()) {
      return failed(
          Conditions.NO_MATCHING_LISTENER_HOSTNAME,
          "route hostnames "
              + routeHostnames
              + " match no hostname of "
              + names(allowing)
              + " ("
              + String.join(", ", allowing.stream().map(l -> l.hostname().orElse("any")).toList())
              + ")");
    }
    return new ParentAttachment(attached, Optional.empty());
  }

  private static ParentAttachment failed(String reason, String message) {
    return new ParentAttachment(
        Map.of(), Optional.of(Outcome.fail(Conditions.ACCEPTED, reason, message)));
  }

  private static String notAllowed(
      List<ListenerContext> listeners, String routeKind, String routeNamespace) {
    StringBuilder message =
        new StringBuilder(routeKind + "s from namespace " + routeNamespace + " are not allowed by");
    for (ListenerContext listener : listeners) {
      message.append(listener == listeners.get(0) ? " listener " : ", listener ");
      message.append(listener.name()).append(" (");
      message.append(
          listener.allowsKind(Translator.GATEWAY_GROUP, routeKind)
              ? "allows routes from " + listener.admission().describe(listener.owner().namespace())
              : "does not allow kind " + routeKind);
      message.append(")");
    }
    return message.toString();
  }

  private static String describe(ParentReference ref) {
    return (ref.getSectionName() == null ? "" : " named " + ref.getSectionName())
        + (ref.getPort() == null ? "" : " on port " + ref.getPort());
  }

  private static String rejected(List<ListenerContext> listeners) {
    return String.join(
        ", ",
        listeners.stream()
            .map(
                l ->
                    "listener "
                        + l.name()
                        + " is not accepted ("
                        + ListenerOutcomes.accepted(l).reason()
                        + ")")
            .toList());
  }

  private static String names(List<ListenerContext> listeners) {
    return "listener(s) "
        + String.join(", ", listeners.stream().map(ListenerContext::name).toList());
  }
}
