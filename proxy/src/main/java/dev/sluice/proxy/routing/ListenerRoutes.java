package dev.sluice.proxy.routing;

import java.util.Optional;

/**
 * The virtual hosts of one bound socket, chosen by request host: exact hostname, then the longest
 * matching wildcard, then the virtual host without hostname. Immutable and thread-safe.
 *
 * @param <F> the compiled filter form
 */
public final class ListenerRoutes<F> {

  private final String name;
  private final HostTable<VirtualHostRoutes<F>> virtualHosts;

  ListenerRoutes(String name, HostTable<VirtualHostRoutes<F>> virtualHosts) {
    this.name = name;
    this.virtualHosts = virtualHosts;
  }

  /** The listener name ({@code address:port}). */
  public String name() {
    return name;
  }

  /** The virtual host serving {@code host} (normalised, see {@link HostNames#normalize}). */
  public Optional<VirtualHostRoutes<F>> virtualHost(String host) {
    return virtualHosts.mostSpecific(host);
  }

  /** The matching route: virtual host by host, then route by precedence. */
  public Optional<CompiledRoute<F>> route(RoutableRequest request) {
    // Called for every request: no intermediate Optional or lambda.
    VirtualHostRoutes<F> vh = virtualHosts.mostSpecificOrNull(request.host());
    return vh == null ? Optional.empty() : Optional.ofNullable(vh.firstMatch(request));
  }
}
