package dev.sluice.proxy.snapshot;

import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.proxy.filter.FilterChain;
import dev.sluice.proxy.routing.ListenerRoutes;
import dev.sluice.proxy.routing.RoutingSnapshot;
import dev.sluice.proxy.stream.StreamRouteTable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the data plane serves from one {@link GatewayIr}: HTTP routes, the SNI tables of TLS
 * listeners (with their server {@code SslContext}s), the stream route tables of TCP and UDP
 * listeners, and the client {@code SslContext}s towards backends. Immutable and thread-safe; the
 * proxy swaps it through one volatile reference, so certificates, routes and stream routes change
 * together. A connection or request reads it once and keeps it.
 *
 * @param routing the compiled HTTP routes
 * @param tls the SNI table of each {@link ListenerProtocol#TLS} listener, by listener name
 * @param streams the stream routes of each TCP and UDP listener, by listener name
 * @param upstreamTls the client TLS contexts of every backend that has TLS
 */
public record ProxySnapshot(
    RoutingSnapshot<FilterChain> routing,
    Map<String, SniTable> tls,
    Map<String, StreamRouteTable> streams,
    UpstreamTlsContexts upstreamTls) {

  private static final StreamRouteTable NO_STREAM_ROUTES = StreamRouteTable.compile(List.of());

  public ProxySnapshot {
    Objects.requireNonNull(routing, "routing");
    tls = Map.copyOf(tls);
    streams = Map.copyOf(streams);
    Objects.requireNonNull(upstreamTls, "upstreamTls");
  }

  /** A snapshot with no listeners. */
  public static ProxySnapshot empty() {
    return new ProxySnapshot(
        RoutingSnapshot.empty(), Map.of(), Map.of(), UpstreamTlsContexts.EMPTY);
  }

  public GatewayIr ir() {
    return routing.ir();
  }

  /** The HTTP routes of listener {@code name}. */
  public Optional<ListenerRoutes<FilterChain>> listener(String name) {
    return routing.listener(name);
  }

  /** The SNI table of TLS listener {@code name}. */
  public Optional<SniTable> sni(String name) {
    return Optional.ofNullable(tls.get(name));
  }

  /** The stream routes of TCP/UDP listener {@code name}; no routes when it is not a listener. */
  public StreamRouteTable streamRoutes(String name) {
    return streams.getOrDefault(name, NO_STREAM_ROUTES);
  }
}
