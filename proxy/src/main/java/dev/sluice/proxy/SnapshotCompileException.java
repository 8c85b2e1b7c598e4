package dev.sluice.proxy;

import dev.sluice.ir.RouteKey;
import java.util.Optional;

/**
 * The IR could not be compiled into a routing snapshot (e.g. an invalid regular expression); the
 * previous snapshot stays in service. The message names the route and the field.
 */
public final class SnapshotCompileException extends Exception {

  private final transient Optional<RouteKey> route;
  private final String field;

  public SnapshotCompileException(
      String message, Optional<RouteKey> route, String field, Throwable cause) {
    super(message, cause);
    this.route = route;
    this.field = field;
  }

  /** The route that failed, when the error is about a route. */
  public Optional<RouteKey> route() {
    return route;
  }

  /** The failing field, e.g. {@code match.path.value}. */
  public String field() {
    return field;
  }
}
