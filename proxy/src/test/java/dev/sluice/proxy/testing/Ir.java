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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Small builders for test IRs. */
public final class Ir {

  private Ir() {}

  /** A port that was free a moment ago (bind 0, read, close). */
  // Below Linux's ephemeral range (32768-60999): a port handed out here cannot be taken by the
  // source port of some outgoing connection before the proxy binds it (an ephemeral port from
  // new ServerSocket(0) could, and did once in CI). Each port is handed out once per JVM.
  private static final int FIRST_PORT = 20_000;

  private static final int LAST_PORT = 32_000;
  private static final AtomicInteger NEXT_PORT =
      new AtomicInteger(FIRST_PORT + (int) (ProcessHandle.current().pid() % 1000) * 10);

  /** A loopback port that is free now and outside the kernel's ephemeral range. */
  public static int freePort() {
    for (int tries = 0; tries < LAST_PORT - FIRST_PORT; tries++) {
      int port =
          FIRST_PORT
              + Math.floorMod(NEXT_PORT.getAndIncrement() - FIRST_PORT, LAST_PORT - FIRST_PORT);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // in use: try the next one
      }
    }
    throw new UncheckedIOException(
        new IOException("no free loopback port in " + FIRST_PORT + "-" + LAST_PORT));
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
