package dev.sluice.server;

import dev.sluice.ir.ListenerKey;
import dev.sluice.source.ObjectRef;
import dev.sluice.source.Problem;
import dev.sluice.source.ResourceSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntryStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WARNING} problem per listener that {@link CertificateCarryOver} kept on its previous
 * certificates, on the Gateway or ListenerSet that declares it, next to the translation's {@code
 * ERROR} about the Secret. Stateless.
 */
final class CarriedWarnings {

  private CarriedWarnings() {}

  /** {@code problems} and a warning for each carried listener. */
  static List<Problem> add(
      List<Problem> problems,
      List<HasMetadata> statuses,
      Map<ListenerKey, List<String>> carried,
      ResourceSet resources) {
    List<Problem> all = new ArrayList<>(problems);
    carried.forEach(
        (key, secrets) -> {
          Optional<ObjectRef> owner = owner(statuses, key);
          all.add(
              new Problem(
                  Problem.Severity.WARNING,
                  owner.flatMap(resources::locationOf),
                  owner,
                  "",
                  "listener " + key.listener() + ": " + CarriedStatus.stillServed(secrets)));
        });
    return all;
  }

  /** The Gateway or ListenerSet that declares the listener {@code key}. */
  private static Optional<ObjectRef> owner(List<HasMetadata> statuses, ListenerKey key) {
    return statuses.stream()
        .filter(o -> CarriedStatus.key(o, key.listener()).equals(key))
        .filter(o -> listenerNames(o).contains(key.listener()))
        .findFirst()
        .map(o -> new ObjectRef(o.getKind(), key.namespace(), key.gateway()));
  }

  private static List<String> listenerNames(HasMetadata owner) {
    return switch (owner) {
      case Gateway g when g.getStatus() != null ->
          g.getStatus().getListeners().stream().map(ListenerStatus::getName).toList();
      case ListenerSet s when s.getStatus() != null ->
          s.getStatus().getListeners().stream().map(ListenerEntryStatus::getName).toList();
      default -> List.of();
    };
  }
}
