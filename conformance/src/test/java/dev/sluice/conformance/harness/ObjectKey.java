package dev.sluice.conformance.harness;

/**
 * Identifies an object as Kubernetes does, plus the generation the harness wrote for it.
 *
 * @param apiVersion e.g. {@code gateway.networking.k8s.io/v1}
 * @param kind e.g. {@code HTTPRoute}
 * @param namespace empty for cluster-scoped kinds
 * @param name the object name
 * @param generation {@code metadata.generation} as written (1 when absent)
 */
public record ObjectKey(
    String apiVersion, String kind, String namespace, String name, long generation) {

  /** Whether Sluice reports a status for this object (the Gateway API kinds but grants). */
  public boolean hasStatus() {
    return apiVersion.startsWith("gateway.networking.k8s.io/") && !kind.equals("ReferenceGrant");
  }

  @Override
  public String toString() {
    return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }
}
