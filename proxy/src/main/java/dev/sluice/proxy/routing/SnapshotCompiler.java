package dev.sluice.proxy.routing;

import dev.sluice.ir.BackendRef;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.Listener;
import dev.sluice.ir.Route;
import dev.sluice.ir.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a {@link GatewayIr} into a {@link RoutingSnapshot}: host tables per listener, routes
 * grouped by hostname and sorted by precedence, compiled matchers, filters and weighted backends.
 * Everything that can be built once per config is built here, so that a failure (a bad regular
 * expression) surfaces before the snapshot is published. Stateless and thread-safe.
 */
public final class SnapshotCompiler {

  private static final Comparator<CompiledRoute<?>> PRECEDENCE =
      Comparator.comparing(r -> r.source().match(), RoutePrecedence.MOST_SPECIFIC_FIRST);

  private SnapshotCompiler() {}

  /**
   * Compiles the whole IR; nothing is shared with previous snapshots.
   *
   * @throws RouteCompileException naming the route and field that could not be compiled
   */
  public static <F> RoutingSnapshot<F> compile(GatewayIr ir, FilterCompiler<F> filters)
      throws RouteCompileException {
    Map<String, ListenerRoutes<F>> listeners = new HashMap<>();
    for (Listener listener : ir.listeners()) {
      if (listeners.containsKey(listener.name())) {
        throw new RouteCompileException(
            Optional.empty(),
            "listeners[" + listener.name() + "]",
            "duplicate listener name (expected one listener per address:port)");
      }
      listeners.put(listener.name(), compileListener(listener, filters));
    }
    return new RoutingSnapshot<>(ir, listeners);
  }

  private static <F> ListenerRoutes<F> compileListener(Listener listener, FilterCompiler<F> filters)
      throws RouteCompileException {
    HostTable.Builder<VirtualHostRoutes<F>> hosts = new HostTable.Builder<>();
    for (VirtualHost vh : listener.virtualHosts()) {
      VirtualHostRoutes<F> compiled = compileVirtualHost(vh, filters);
      // A hostname served twice on one socket is a translator error; the first one wins.
      hosts.computeIfAbsent(vh.hostname(), () -> compiled);
    }
    return new ListenerRoutes<>(listener.name(), hosts.build(v -> v));
  }

  private static <F> VirtualHostRoutes<F> compileVirtualHost(
      VirtualHost vh, FilterCompiler<F> filters) throws RouteCompileException {
    HostTable.Builder<List<CompiledRoute<F>>> groups = new HostTable.Builder<>();
    for (Route route : vh.routes()) {
      CompiledRoute<F> compiled = compileRoute(route, filters);
      if (route.hostnames().isEmpty()) {
        groups.computeIfAbsent(Optional.empty(), ArrayList::new).add(compiled);
      }
      for (String hostname : route.hostnames()) {
        groups.computeIfAbsent(Optional.of(hostname), ArrayList::new).add(compiled);
      }
    }
    return new VirtualHostRoutes<>(
        vh.source(), vh.hostname(), groups.build(SnapshotCompiler::sorted));
  }

  /** A stable sort, so that the IR order decides ties; then indexed by path. */
  private static <F> RouteIndex<F> sorted(List<CompiledRoute<F>> routes) {
    List<CompiledRoute<F>> copy = new ArrayList<>(routes);
    copy.sort(PRECEDENCE);
    return RouteIndex.of(copy);
  }

  private static <F> CompiledRoute<F> compileRoute(Route route, FilterCompiler<F> filters)
      throws RouteCompileException {
    RouteMatcher matcher = RouteMatcher.compile(route.key(), route.match());
    F ruleFilters = filters.compile(route, route.filters(), "filters");
    List<BackendChoice<F>> choices = new ArrayList<>();
    List<Integer> weights = new ArrayList<>();
    for (int i = 0; i < route.backends().size(); i++) {
      BackendRef ref = route.backends().get(i);
      F backendFilters = filters.compile(route, ref.filters(), "backendRefs[" + i + "].filters");
      choices.add(new BackendChoice<>(ref.backend(), backendFilters));
      weights.add(ref.weight());
    }
    return new CompiledRoute<>(
        route, matcher, ruleFilters, new WeightedBackends<>(choices, weights));
  }
}
