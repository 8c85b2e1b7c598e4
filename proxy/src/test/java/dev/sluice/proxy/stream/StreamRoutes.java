package dev.sluice.proxy.stream;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.StreamRoute;
import java.util.List;
import java.util.Optional;

/** Builders for the stream route IR used by the tests. */
final class StreamRoutes {

  private StreamRoutes() {}

  static StreamRoute route(String name, List<String> hostnames, BackendRef... backends) {
    RouteKey key = new RouteKey("TCPRoute", "default", name, 0, Optional.empty(), 0);
    return new StreamRoute(key, hostnames, List.of(backends));
  }

  static StreamRoute route(String name, BackendRef... backends) {
    return route(name, List.of(), backends);
  }

  static BackendRef service(String name, int weight, Endpoint... endpoints) {
    return new BackendRef(new Backend.Service(name, List.of(endpoints)), weight, List.of());
  }

  static BackendRef invalid(int weight) {
    return new BackendRef(
        new Backend.Invalid("service default/missing not found"), weight, List.of());
  }
}
