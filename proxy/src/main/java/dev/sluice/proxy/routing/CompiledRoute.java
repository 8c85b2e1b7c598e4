package dev.sluice.proxy.routing;

import dev.sluice.ir.Route;
import dev.sluice.ir.RouteKey;

/**
 * A route ready to serve: compiled matcher, compiled rule filters and weighted backends. Immutable
 * and thread-safe.
 *
 * @param <F> the compiled filter form
 */
public final class CompiledRoute<F> {

  private final Route source;
  private final RouteMatcher matcher;
  private final F filters;
  private final WeightedBackends<F> backends;

  CompiledRoute(Route source, RouteMatcher matcher, F filters, WeightedBackends<F> backends) {
    this.source = source;
    this.matcher = matcher;
    this.filters = filters;
    this.backends = backends;
  }

  /** The IR route this was compiled from. */
  public Route source() {
    return source;
  }

  public RouteKey key() {
    return source.key();
  }

  /** The rule's filters. */
  public F filters() {
    return filters;
  }

  public WeightedBackends<F> backends() {
    return backends;
  }

  PathMatcher path() {
    return matcher.path();
  }

  boolean matches(RoutableRequest request) {
    return matcher.matches(request);
  }

  @Override
  public String toString() {
    return source.key().toString();
  }
}
