package dev.sluice.proxy.snapshot;

import dev.sluice.ir.VirtualHost;
import dev.sluice.ir.VirtualHostType;
import dev.sluice.proxy.stream.StreamRouteTable;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual host of a TLS listener, ready to take a connection chosen by SNI. Immutable.
 *
 * @param source the IR virtual host (its type says what to do with the connection)
 * @param sslContext the server context, present for {@code HTTPS} and {@code TLS_TERMINATE}
 * @param streamRoutes where {@code TLS_PASSTHROUGH} and {@code TLS_TERMINATE} connections go
 */
public record TlsVirtualHost(
    VirtualHost source, Optional<SslContext> sslContext, StreamRouteTable streamRoutes) {

  public TlsVirtualHost {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sslContext, "sslContext");
    Objects.requireNonNull(streamRoutes, "streamRoutes");
  }

  public VirtualHostType type() {
    return source.type();
  }

  /** The hostname pattern, lower case; empty for the catch-all virtual host. */
  public Optional<String> hostname() {
    return source.hostname().map(h -> h.toLowerCase(java.util.Locale.ROOT));
  }
}
