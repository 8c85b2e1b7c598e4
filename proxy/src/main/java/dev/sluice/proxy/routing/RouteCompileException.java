package dev.sluice.proxy.routing;

import dev.sluice.ir.RouteKey;
import java.util.Optional;

/**
 * A route (or listener) in the IR that cannot be compiled into a snapshot, e.g. an invalid regular
 * expression. Names the route and the field so that the error can be reported on the right object.
 */
public final class RouteCompileException extends Exception {

  private final transient Optional<RouteKey> route;
  private final String field;

  public RouteCompileException(Optional<RouteKey> route, String field, String message) {
    super(route.map(r -> r + ": ").orElse("") + field + ": " + message);
    this.route = route;
    this.field = field;
  }

  /** The route that failed, if the error is about a route. */
  public Optional<RouteKey> route() {
    return route;
  }

  /** The failing field, e.g. {@code match.path.value}. */
  public String field() {
    return field;
  }
}
