package dev.sluice.proxy.snapshot;

import dev.sluice.ir.UpstreamTls;
import io.netty.handler.ssl.SslContext;
import java.util.Map;
import java.util.Optional;

/**
 * Client TLS contexts towards backends, built once per snapshot and keyed by the IR's {@link
 * UpstreamTls} and whether HTTP/2 is negotiated (ALPN {@code h2}) or HTTP/1.1. Immutable.
 */
public final class UpstreamTlsContexts {

  /** No backend uses TLS. */
  public static final UpstreamTlsContexts EMPTY = new UpstreamTlsContexts(Map.of());

  /** The lookup key: the settings and the application protocol. */
  public record Key(UpstreamTls tls, boolean h2) {}

  private final Map<Key, SslContext> contexts;

  UpstreamTlsContexts(Map<Key, SslContext> contexts) {
    this.contexts = Map.copyOf(contexts);
  }

  /** The context for {@code tls}; empty only if the snapshot did not see that backend. */
  public Optional<SslContext> context(UpstreamTls tls, boolean h2) {
    return Optional.ofNullable(contexts.get(new Key(tls, h2)));
  }
}
