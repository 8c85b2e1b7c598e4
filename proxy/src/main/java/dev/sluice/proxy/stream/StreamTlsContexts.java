package dev.sluice.proxy.stream;

import dev.sluice.identity.TlsContexts;
import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.StreamRoute;
import dev.sluice.ir.UpstreamTls;
import io.netty.handler.ssl.SslContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client TLS contexts for stream backends that have a BackendTLSPolicy (TLS re-encryption), keyed
 * by the IR's {@link UpstreamTls}; no ALPN is offered, since the bytes relayed are opaque. Thread-
 * safe (one lock around a small map).
 *
 * <p>{@link StreamProxy#forward} receives only a route, so the contexts cannot travel with the
 * snapshot; instead {@link StreamRouteTable#compile} builds them here when a snapshot is compiled,
 * and connections look them up. The map is bounded (least recently used first out), so contexts of
 * rotated certificates do not pile up. A context that cannot be built (an unusable CA) is {@link
 * Optional#empty()}: its connections are refused rather than relayed without verification.
 */
final class StreamTlsContexts {

  /** More distinct backend TLS settings than any snapshot is expected to hold. */
  static final int MAX_CONTEXTS = 512;

  private static final Logger log = LoggerFactory.getLogger(StreamTlsContexts.class);

  private static final Map<UpstreamTls, Optional<SslContext>> contexts =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UpstreamTls, Optional<SslContext>> eldest) {
          return size() > MAX_CONTEXTS;
        }
      };

  private StreamTlsContexts() {}

  /** Builds the contexts of every TLS backend of {@code routes} ahead of their connections. */
  static void warm(List<StreamRoute> routes) {
    for (StreamRoute route : routes) {
      for (BackendRef ref : route.backends()) {
        if (ref.backend() instanceof Backend.Service service && service.tls().isPresent()) {
          context(service.tls().get());
        }
      }
    }
  }

  /** The client context for {@code tls}, empty when its settings cannot be used. */
  static Optional<SslContext> context(UpstreamTls tls) {
    synchronized (contexts) {
      return contexts.computeIfAbsent(tls, StreamTlsContexts::build);
    }
  }

  private static Optional<SslContext> build(UpstreamTls tls) {
    try {
      return Optional.of(TlsContexts.client(tls, List.of()));
    } catch (IllegalArgumentException e) {
      log.warn("backend TLS for {} unusable; its connections are refused: {}", tls.serverName(), e);
      return Optional.empty();
    }
  }
}
