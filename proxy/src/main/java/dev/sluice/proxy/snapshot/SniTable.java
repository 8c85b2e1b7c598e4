package dev.sluice.proxy.snapshot;

import dev.sluice.proxy.routing.HostNames;
import dev.sluice.proxy.routing.HostTable;
import java.util.Optional;

/**
 * The virtual hosts of one TLS listener by SNI: exact hostname, then the longest matching wildcard,
 * then the virtual host without hostname. A client that sends no SNI gets only the virtual host
 * without hostname. Immutable and thread-safe.
 */
public final class SniTable {

  private final HostTable<TlsVirtualHost> hosts;

  SniTable(HostTable<TlsVirtualHost> hosts) {
    this.hosts = hosts;
  }

  /** The virtual host for {@code serverName}, or empty when the connection must be refused. */
  public Optional<TlsVirtualHost> select(Optional<String> serverName) {
    if (serverName.isEmpty() || serverName.get().isBlank()) {
      return hosts.any();
    }
    return hosts.mostSpecific(HostNames.normalize(serverName.get()));
  }
}
