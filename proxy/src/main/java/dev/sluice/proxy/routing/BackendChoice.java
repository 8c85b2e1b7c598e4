package dev.sluice.proxy.routing;

import dev.sluice.ir.Backend;
import java.util.Objects;

/**
 * One weighted backend of a route with its compiled filters. Immutable.
 *
 * @param backend where requests go
 * @param filters the backend's own filters, run after the route's when this backend is chosen
 * @param <F> the compiled filter form
 */
public record BackendChoice<F>(Backend backend, F filters) {
  public BackendChoice {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(filters, "filters");
  }
}
