package dev.sluice.source;

import java.util.Objects;

/**
 * Identifies one config object.
 *
 * @param kind the object kind, e.g. {@code HTTPRoute}
 * @param namespace the namespace; empty for cluster-scoped kinds (GatewayClass, Namespace)
 * @param name the object name
 */
public record ObjectRef(String kind, String namespace, String name) {

  public ObjectRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? kind + " " + name : kind + " " + namespace + "/" + name;
  }
}
