package dev.sluice.translate;

import dev.sluice.ir.BackendRef;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.Route;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.RouteMatch;
import java.util.List;

/**
 * An IR route of an HTTPRoute or GRPCRoute rule match, without hostnames: they are filled in per
 * listener. Immutable.
 */
record RuleRoute(
    RouteKey key, RouteMatch match, List<HttpFilterSpec> filters, List<BackendRef> backends) {

  Route on(List<String> hostnames) {
    return new Route(key, hostnames, match, filters, backends);
  }
}
