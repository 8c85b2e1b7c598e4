package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels of every namespace, for {@code allowedRoutes} selectors. A namespace always carries
 * {@code kubernetes.io/metadata.name=<name>}, as the API server guarantees, even when the config
 * has no Namespace object for it. Immutable after construction.
 */
final class NamespaceLabels {

  static final String NAME_LABEL = "kubernetes.io/metadata.name";

  private final Map<String, Map<String, String>> labels = new HashMap<>();

  NamespaceLabels(List<Namespace> namespaces) {
    for (Namespace namespace : namespaces) {
      Map<String, String> own = namespace.getMetadata().getLabels();
      labels.put(namespace.getMetadata().getName(), own == null ? Map.of() : Map.copyOf(own));
    }
  }

  Map<String, String> of(String namespace) {
    Map<String, String> result = new HashMap<>(labels.getOrDefault(namespace, Map.of()));
    result.put(NAME_LABEL, namespace);
    return result;
  }
}
