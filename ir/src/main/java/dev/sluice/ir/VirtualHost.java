package dev.sluice.ir;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The routes of one Gateway listener.
 *
 * <p>A request is first given to the virtual host whose {@code hostname} matches its host most
 * specifically (exact, then the longest wildcard, then a virtual host without hostname), and is
 * then routed only among that virtual host's routes (listener isolation).
 *
 * @param source the Gateway listener this virtual host serves
 * @param hostname the listener hostname, exact ({@code foo.example.com}) or wildcard ({@code
 *     *.example.com}); empty matches any host
 * @param routes the attached routes in tie-break order: oldest route first, then by namespace/name,
 *     then rule order, then match order. The data plane applies the Gateway API match precedence
 *     with a stable sort, so this order decides remaining ties.
 */
public record VirtualHost(ListenerKey source, Optional<String> hostname, List<Route> routes) {

  public VirtualHost {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(hostname, "hostname");
    routes = List.copyOf(routes);
  }
}
