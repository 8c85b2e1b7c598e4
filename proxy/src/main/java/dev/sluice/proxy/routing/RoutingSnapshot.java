package dev.sluice.proxy.routing;

import dev.sluice.ir.GatewayIr;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a request needs to be routed, compiled from one {@link GatewayIr}. Immutable and
 * thread-safe; the data plane reads the current snapshot through one volatile reference once per
 * request and keeps it until the request ends.
 *
 * @param ir the IR this snapshot was compiled from
 * @param listeners the routes of each listener, by listener name
 * @param <F> the compiled filter form
 */
public record RoutingSnapshot<F>(GatewayIr ir, Map<String, ListenerRoutes<F>> listeners) {

  public RoutingSnapshot {
    Objects.requireNonNull(ir, "ir");
    listeners = Map.copyOf(listeners);
  }

  /** A snapshot with no listeners. */
  public static <F> RoutingSnapshot<F> empty() {
    return new RoutingSnapshot<>(GatewayIr.EMPTY, Map.of());
  }

  public Optional<ListenerRoutes<F>> listener(String name) {
    return Optional.ofNullable(listeners.get(name));
  }
}
