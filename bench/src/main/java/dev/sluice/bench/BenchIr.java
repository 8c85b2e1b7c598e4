package dev.sluice.bench;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerKey;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.PathMatch;
import dev.sluice.ir.Route;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.RouteMatch;
import dev.sluice.ir.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the IRs the benchmarks route with: one listener, one virtual host, {@code routes} routes.
 * Stateless.
 *
 * <p>Two shapes: {@link Shape#PATHS} gives every route its own path prefix {@code /svc-N} on any
 * host, plus a catch-all {@code /} route that sorts last (a request that only the catch-all matches
 * is the worst case); {@link Shape#HOSTS} gives every route its own hostname {@code svc-N.bench},
 * the multi-tenant case.
 */
public final class BenchIr {

  /** How the routes differ from each other. */
  public enum Shape {
    PATHS,
    HOSTS
  }

  static final String LISTENER = "127.0.0.1:8080";

  private BenchIr() {}

  /** An IR with {@code routes} routes to one backend at {@code origin}. */
  static GatewayIr ir(Shape shape, int routes, Endpoint origin, List<HttpFilterSpec> filters) {
    Backend backend = new Backend.Service("bench/origin:80", List.of(origin));
    List<Route> list = new ArrayList<>();
    for (int i = 0; i < routes; i++) {
      list.add(route(shape, i, backend, filters));
    }
    ListenerKey key = new ListenerKey("bench", "bench", "http");
    VirtualHost vh = new VirtualHost(key, Optional.empty(), list);
    return new GatewayIr(
        List.of(new Listener(LISTENER, "127.0.0.1", 8080, ListenerProtocol.HTTP, List.of(vh))));
  }

  /** The listener IR of a real socket at {@code port} with one catch-all route. */
  static GatewayIr single(int port, Endpoint origin) {
    GatewayIr ir = ir(Shape.PATHS, 1, origin, List.of());
    Listener template = ir.listeners().get(0);
    return new GatewayIr(
        List.of(
            new Listener(
                "127.0.0.1:" + port,
                "127.0.0.1",
                port,
                ListenerProtocol.HTTP,
                template.virtualHosts())));
  }

  private static Route route(Shape shape, int i, Backend backend, List<HttpFilterSpec> filters) {
    // Route 0 is the catch-all in the PATHS shape.
    PathMatch path =
        shape == Shape.PATHS && i > 0 ? PathMatch.prefix("/svc-" + i) : PathMatch.prefix("/");
    List<String> hostnames = shape == Shape.HOSTS ? List.of(host(i)) : List.of();
    RouteMatch match = new RouteMatch(path, Optional.empty(), List.of(), List.of());
    return new Route(
        new RouteKey("HTTPRoute", "bench", "route-" + i, 0, Optional.empty(), 0),
        hostnames,
        match,
        filters,
        List.of(new BackendRef(backend, 1, List.of())));
  }

  static String host(int i) {
    return "svc-" + i + ".bench";
  }
}
