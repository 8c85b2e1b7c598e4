package dev.sluice.ir;

import java.util.List;
import java.util.Objects;

/**
 * A weighted choice of backend in a route rule.
 *
 * @param backend where requests go
 * @param weight relative share, {@code >= 0}; 0 means never chosen
 * @param filters filters applied only when this backend is chosen (after the rule's filters)
 */
public record BackendRef(Backend backend, int weight, List<HttpFilterSpec> filters) {

  public BackendRef {
    Objects.requireNonNull(backend, "backend");
    if (weight < 0) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
    }
    filters = List.copyOf(filters);
  }
}
