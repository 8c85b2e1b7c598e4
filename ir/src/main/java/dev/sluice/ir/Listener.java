package dev.sluice.ir;

import java.util.List;
import java.util.Objects;

/**
 * One socket the data plane binds, and the virtual hosts served on it.
 *
 * <p>Several Gateway listeners that share an address and port (for example two Gateways on {@code
 * 0.0.0.0:80}) become one {@code Listener} with several virtual hosts.
 *
 * @param name a stable, unique name, {@code address:port}
 * @param address the IP literal to bind ({@code 0.0.0.0}, {@code 127.0.0.10}, {@code ::})
 * @param port the TCP port, 1..65535
 * @param protocol what the socket speaks
 * @param virtualHosts the Gateway listeners served on this socket; the most specific hostname wins
 * @param limits what the socket tolerates from clients
 */
public record Listener(
    String name,
    String address,
    int port,
    ListenerProtocol protocol,
    List<VirtualHost> virtualHosts,
    ClientLimits limits) {

  public Listener {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(limits, "limits");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    virtualHosts = List.copyOf(virtualHosts);
  }

  /** A socket with the default {@link ClientLimits}. */
  public Listener(
      String name,
      String address,
      int port,
      ListenerProtocol protocol,
      List<VirtualHost> virtualHosts) {
    this(name, address, port, protocol, virtualHosts, ClientLimits.DEFAULTS);
  }
}
