package dev.sluice.proxy.http1;

import java.util.Objects;
import java.util.Optional;

/**
 * What the exchanges of one client connection know about how it arrived. Immutable.
 *
 * @param secure whether the connection is TLS (scheme {@code https}, {@code X-Forwarded-Proto:
 *     https})
 * @param serverName the SNI the client sent, if any
 * @param virtualHost on TLS: the hostname pattern of the virtual host chosen by SNI (empty for the
 *     catch-all one); a request whose host belongs to another virtual host gets 421. Ignored when
 *     not {@code secure}.
 */
public record ConnectionInfo(
    boolean secure, Optional<String> serverName, Optional<String> virtualHost) {

  public ConnectionInfo {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(virtualHost, "virtualHost");
  }

  /** A cleartext connection. */
  public static ConnectionInfo cleartext() {
    return new ConnectionInfo(false, Optional.empty(), Optional.empty());
  }

  /** A TLS connection given to the virtual host {@code virtualHost} by its SNI. */
  public static ConnectionInfo tls(Optional<String> serverName, Optional<String> virtualHost) {
    return new ConnectionInfo(true, serverName, virtualHost);
  }

  public String scheme() {
    return secure ? "https" : "http";
  }
}
