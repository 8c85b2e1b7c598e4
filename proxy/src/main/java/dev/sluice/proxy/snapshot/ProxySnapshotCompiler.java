package dev.sluice.proxy.snapshot;

import dev.sluice.identity.TlsContexts;
import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.Listener;
import dev.sluice.ir.Route;
import dev.sluice.ir.StreamRoute;
import dev.sluice.ir.TlsTermination;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.ir.VirtualHost;
import dev.sluice.ir.VirtualHostType;
import dev.sluice.proxy.filter.FilterChainCompiler;
import dev.sluice.proxy.routing.HostTable;
import dev.sluice.proxy.routing.RouteCompileException;
import dev.sluice.proxy.routing.SnapshotCompiler;
import dev.sluice.proxy.stream.StreamRouteTable;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a {@link GatewayIr} into a {@link ProxySnapshot}. TLS contexts are built here, once per
 * distinct {@link TlsTermination} or {@code UpstreamTls}, so that a bad certificate fails the apply
 * (keeping the previous snapshot) and a Secret change rotates certificates for new handshakes only.
 * Not thread-safe: one instance per compilation.
 */
public final class ProxySnapshotCompiler {

  private final Map<TlsTermination, SslContext> httpsContexts = new HashMap<>();
  private final Map<TlsTermination, SslContext> terminateContexts = new HashMap<>();
  private final Map<UpstreamTlsContexts.Key, SslContext> upstreamContexts = new HashMap<>();

  private ProxySnapshotCompiler() {}

  /**
   * Compiles the whole IR.
   *
   * @throws RouteCompileException naming the route, or the listener and field, that failed
   */
  public static ProxySnapshot compile(GatewayIr ir) throws RouteCompileException {
    return new ProxySnapshotCompiler().run(ir);
  }

  private ProxySnapshot run(GatewayIr ir) throws RouteCompileException {
    var routing = SnapshotCompiler.compile(ir, new FilterChainCompiler());
    Map<String, SniTable> tls = new HashMap<>();
    Map<String, StreamRouteTable> streams = new HashMap<>();
    for (Listener listener : ir.listeners()) {
      switch (listener.protocol()) {
        case TLS -> tls.put(listener.name(), sniTable(listener));
        case TCP, UDP -> streams.put(listener.name(), streamRoutes(listener));
        case HTTP -> {}
      }
      for (VirtualHost vh : listener.virtualHosts()) {
        for (Route route : vh.routes()) {
          upstreamTls(route);
        }
      }
    }
    return new ProxySnapshot(
        routing, tls, streams, new UpstreamTlsContexts(Map.copyOf(upstreamContexts)));
  }

  private SniTable sniTable(Listener listener) throws RouteCompileException {
    HostTable.Builder<TlsVirtualHost> hosts = new HostTable.Builder<>();
    for (VirtualHost vh : listener.virtualHosts()) {
      TlsVirtualHost compiled =
          new TlsVirtualHost(
              vh, serverContext(listener, vh), StreamRouteTable.compile(vh.streamRoutes()));
      // A hostname served twice on one socket is a translator error; the first one wins.
      hosts.computeIfAbsent(vh.hostname(), () -> compiled);
    }
    return new SniTable(hosts.build(v -> v));
  }

  private Optional<SslContext> serverContext(Listener listener, VirtualHost vh)
      throws RouteCompileException {
    if (vh.tls().isEmpty()) {
      return Optional.empty();
    }
    boolean https = vh.type() == VirtualHostType.HTTPS;
    Map<TlsTermination, SslContext> cache = https ? httpsContexts : terminateContexts;
    TlsTermination termination = vh.tls().get();
    SslContext context = cache.get(termination);
    if (context == null) {
      try {
        context = TlsContexts.server(termination, https ? TlsContexts.HTTP_ALPN : List.of());
      } catch (IllegalArgumentException e) {
        throw new RouteCompileException(
            Optional.empty(),
            "listeners[" + listener.name() + "].virtualHosts[" + vh.source() + "].tls",
            e.getMessage());
      }
      cache.put(termination, context);
    }
    return Optional.of(context);
  }

  private static StreamRouteTable streamRoutes(Listener listener) {
    List<StreamRoute> all = new ArrayList<>();
    listener.virtualHosts().forEach(vh -> all.addAll(vh.streamRoutes()));
    return StreamRouteTable.compile(all);
  }

  private void upstreamTls(Route route) throws RouteCompileException {
    for (int i = 0; i < route.backends().size(); i++) {
      BackendRef ref = route.backends().get(i);
      if (ref.backend() instanceof Backend.Service service && service.tls().isPresent()) {
        boolean h2 = service.protocol() == UpstreamProtocol.H2C;
        var key = new UpstreamTlsContexts.Key(service.tls().get(), h2);
        if (!upstreamContexts.containsKey(key)) {
          upstreamContexts.put(key, clientContext(route, i, key));
        }
      }
    }
  }

  private static SslContext clientContext(Route route, int index, UpstreamTlsContexts.Key key)
      throws RouteCompileException {
    try {
      return TlsContexts.client(key.tls(), key.h2() ? List.of("h2") : List.of("http/1.1"));
    } catch (IllegalArgumentException e) {
      throw new RouteCompileException(
          Optional.of(route.key()), "backendRefs[" + index + "].tls", e.getMessage());
    }
  }
}
