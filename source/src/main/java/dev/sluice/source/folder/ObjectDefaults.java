package dev.sluice.source.folder;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Fills in what an API server would have set on an object before anyone reads it.
 *
 * <p>Stateless; mutates the object it is given, which is fresh from the parser and not yet shared.
 */
final class ObjectDefaults {

  static final String DEFAULT_NAMESPACE = "default";

  private ObjectDefaults() {}

  /**
   * Sets the preferred apiVersion, the namespace ({@code default} for namespaced kinds, none for
   * cluster-scoped ones), {@code generation} 1 and a {@code creationTimestamp}, unless present.
   *
   * @param created the creation time to use when absent; the file's modification time, so that
   *     route precedence (oldest first) is stable across reloads of unchanged files
   */
  static void apply(ResourceKind kind, HasMetadata object, Instant created) {
    object.setApiVersion(kind.preferredApiVersion());
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    ObjectMeta metadata = object.getMetadata();
    if (!kind.namespaced()) {
      metadata.setNamespace(null);
    } else if (isBlank(metadata.getNamespace())) {
      metadata.setNamespace(DEFAULT_NAMESPACE);
    }
    if (metadata.getGeneration() == null) {
      metadata.setGeneration(1L);
    }
    if (isBlank(metadata.getCreationTimestamp())) {
      // RFC 3339 with second precision, as Kubernetes writes it.
      metadata.setCreationTimestamp(created.truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
