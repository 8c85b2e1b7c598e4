package dev.sluice.proxy.testing;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;

/** Small builders for test IRs. */
public final class Ir {

  private Ir() {}

  /** A port that was free a moment ago (bind 0, read, close). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static GatewayIr gateway(Listener... listeners) {
    return new GatewayIr(List.of(listeners));
  }

  public static Listener listener(int port, VirtualHost... vhosts) {
    return new Listener(
        "127.0.0.1:" + port, "127.0.0.1", port, ListenerProtocol.HTTP, List.of(vhosts));
  }

  public static VirtualHost vhost(Optional<String> hostname, Route... routes) {
    return new VirtualHost(
        new ListenerKey("default", "gw", hostname.orElse("any")), hostname, List.of(routes));
  }

  public static VirtualHost anyHost(Route... routes) {
    return vhost(Optional.empty(), routes);
  }

  public static Route route(
      String name, RouteMatch match, List<HttpFilterSpec> filters, List<BackendRef> backends) {
    return route(name, List.of(), match, filters, backends);
  }

  public static Route route(
      String name,
      List<String> hostnames,
      RouteMatch match,
      List<HttpFilterSpec> filters,
      List<BackendRef> backends) {
    return new Route(
        new RouteKey("HTTPRoute", "default", name, 0, Optional.empty(), 0),
        hostnames,
        match,
        filters,
        backends);
  }

  /** {@code route} with the given timeouts and retry policy. */
  public static Route withPolicy(
      Route route,
      dev.sluice.ir.RouteTimeouts timeouts,
      Optional<dev.sluice.ir.RetryPolicy> retry) {
    return new Route(
        route.key(),
        route.hostnames(),
        route.match(),
        route.filters(),
        route.backends(),
        timeouts,
        retry);
  }

  public static RouteMatch prefix(String path) {
    return new RouteMatch(PathMatch.prefix(path), Optional.empty(), List.of(), List.of());
  }

  public static RouteMatch exact(String path) {
    return new RouteMatch(PathMatch.exact(path), Optional.empty(), List.of(), List.of());
  }

  public static BackendRef to(TestOrigin origin) {
    return to(origin, 1);
  }

  public static BackendRef to(TestOrigin origin, int weight) {
    return new BackendRef(service(origin), weight, List.of());
  }

  public static Backend.Service service(TestOrigin origin) {
    return new Backend.Service("default/" + origin.endpoint().port(), List.of(origin.endpoint()));
  }

  public static BackendRef toEndpoint(Endpoint endpoint) {
    return new BackendRef(new Backend.Service("default/dead", List.of(endpoint)), 1, List.of());
  }
}
