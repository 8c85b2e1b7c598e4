package dev.sluice.proxy.routing;

import dev.sluice.ir.ListenerKey;
import java.util.Optional;

/**
 * The routes of one virtual host, grouped by route hostname and sorted by precedence within each
 * group. Immutable and thread-safe.
 *
 * <p>Hostname specificity is the first precedence key: routes whose hostname matches the request
 * host exactly are tried first, then routes with a matching wildcard (longest first), then routes
 * without hostnames. A request whose conditions match none of the more specific routes falls
 * through to the less specific ones.
 *
 * @param <F> the compiled filter form
 */
public final class VirtualHostRoutes<F> {

  private final ListenerKey source;
  private final Optional<String> hostname;
  private final HostTable<RouteIndex<F>> routes;

  VirtualHostRoutes(
      ListenerKey source, Optional<String> hostname, HostTable<RouteIndex<F>> routes) {
    this.source = source;
    this.hostname = hostname.map(h -> h.toLowerCase(java.util.Locale.ROOT));
    this.routes = routes;
  }

  /** The virtual host's hostname pattern, lower case; empty for the catch-all virtual host. */
  public Optional<String> hostname() {
    return hostname;
  }

  /** The Gateway listener this virtual host serves. */
  public ListenerKey source() {
    return source;
  }

  /** The first route, in precedence order, whose hostname and conditions match {@code request}. */
  public Optional<CompiledRoute<F>> route(RoutableRequest request) {
    return Optional.ofNullable(firstMatch(request));
  }

  /** As {@link #route}, null when nothing matches; for the request path, without an Optional. */
  CompiledRoute<F> firstMatch(RoutableRequest request) {
    return routes.firstMatch(request.host(), group -> group.firstMatch(request));
  }
}
