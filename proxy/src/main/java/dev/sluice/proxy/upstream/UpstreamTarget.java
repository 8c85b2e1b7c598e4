package dev.sluice.proxy.upstream;

import dev.sluice.ir.Endpoint;
import dev.sluice.ir.UpstreamTls;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to connect for one request. Immutable. Connections are pooled by {@link #key()}:
 * the same endpoint reached with another protocol or other TLS settings is another pool entry.
 *
 * @param endpoint the backend address
 * @param h2 HTTP/2 (multiplexed streams) rather than HTTP/1.1
 * @param tls the TLS settings, empty for cleartext
 * @param sslContext the client context built from {@code tls} for the current snapshot
 */
public record UpstreamTarget(
    Endpoint endpoint, boolean h2, Optional<UpstreamTls> tls, Optional<SslContext> sslContext) {

  /** The pool key. */
  public record Key(Endpoint endpoint, boolean h2, Optional<UpstreamTls> tls) {}

  public UpstreamTarget {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(sslContext, "sslContext");
    if (tls.isPresent() != sslContext.isPresent()) {
      throw new IllegalArgumentException(
          "upstream " + endpoint + ": tls and sslContext must be both present or both empty");
    }
  }

  /** Cleartext HTTP/1.1 to {@code endpoint}. */
  public static UpstreamTarget http1(Endpoint endpoint) {
    return new UpstreamTarget(endpoint, false, Optional.empty(), Optional.empty());
  }

  public Key key() {
    return new Key(endpoint, h2, tls);
  }

  /** The same target spoken with HTTP/1.1 (for WebSocket upgrades, which need HTTP/1.1). */
  public UpstreamTarget asHttp1() {
    return new UpstreamTarget(endpoint, false, tls, sslContext);
  }
}
