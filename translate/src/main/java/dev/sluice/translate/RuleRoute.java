package dev.sluice.translate;

import dev.sluice.ir.BackendRef;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.RetryPolicy;
import dev.sluice.ir.Route;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.RouteMatch;
import dev.sluice.ir.RouteTimeouts;
import java.util.List;
import java.util.Optional;

/**
 * An IR route of an HTTPRoute or GRPCRoute rule match, without hostnames: they are filled in per
 * listener. Immutable.
 */
record RuleRoute(
    RouteKey key,
    RouteMatch match,
    List<HttpFilterSpec> filters,
    List<BackendRef> backends,
    RouteTimeouts timeouts,
    Optional<RetryPolicy> retry) {

  /** A rule match without timeouts or retries (GRPCRoute rules have neither). */
  RuleRoute(
      RouteKey key, RouteMatch match, List<HttpFilterSpec> filters, List<BackendRef> backends) {
    this(key, match, filters, backends, RouteTimeouts.NONE, Optional.empty());
  }

  Route on(List<String> hostnames) {
    return new Route(key, hostnames, match, filters, backends, timeouts, retry);
  }
}
