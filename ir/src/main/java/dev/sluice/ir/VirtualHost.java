package dev.sluice.ir;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The routes of one Gateway listener.
 *
 * <p>A request (or, on a TLS socket, a connection by its SNI) is first given to the virtual host
 * whose {@code hostname} matches its host most specifically (exact, then the longest wildcard, then
 * a virtual host without hostname), and is then routed only among that virtual host's routes
 * (listener isolation).
 *
 * @param source the Gateway listener this virtual host serves
 * @param hostname the listener hostname, exact ({@code foo.example.com}) or wildcard ({@code
 *     *.example.com}); empty matches any host
 * @param routes the attached HTTP routes (for {@code HTTP} and {@code HTTPS}) in tie-break order:
 *     oldest route first, then by namespace/name, then rule order, then match order. The data plane
 *     applies the Gateway API match precedence with a stable sort, so this order decides remaining
 *     ties.
 * @param type what this virtual host does
 * @param tls the certificates (and client validation) to terminate TLS with; present exactly for
 *     {@code HTTPS} and {@code TLS_TERMINATE}
 * @param streamRoutes the attached TLS, TCP or UDP routes (for the other types), in tie-break order
 */
public record VirtualHost(
    ListenerKey source,
    Optional<String> hostname,
    List<Route> routes,
    VirtualHostType type,
    Optional<TlsTermination> tls,
    List<StreamRoute> streamRoutes) {

  public VirtualHost {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tls, "tls");
    routes = List.copyOf(routes);
    streamRoutes = List.copyOf(streamRoutes);
    boolean terminates = type == VirtualHostType.HTTPS || type == VirtualHostType.TLS_TERMINATE;
    if (terminates != tls.isPresent()) {
      throw new IllegalArgumentException(
          "virtual host "
              + source
              + ": type "
              + type
              + " with tls "
              + tls.isPresent()
              + " (expected: tls exactly for HTTPS and TLS_TERMINATE)");
    }
  }

  /** A cleartext HTTP virtual host. */
  public VirtualHost(ListenerKey source, Optional<String> hostname, List<Route> routes) {
    this(source, hostname, routes, VirtualHostType.HTTP, Optional.empty(), List.of());
  }
}
