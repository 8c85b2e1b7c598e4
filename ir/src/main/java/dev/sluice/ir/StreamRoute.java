package dev.sluice.ir;

import java.util.List;
import java.util.Objects;

/**
 * A TLSRoute, TCPRoute or UDPRoute rule: where the connections (or datagrams) of a virtual host go.
 *
 * @param key where this route came from
 * @param hostnames for TLS passthrough and terminate: the SNI hostnames (route hostnames
 *     intersected with the listener's), exact or wildcard; empty means every SNI the virtual host
 *     accepts. Empty for TCP and UDP.
 * @param backends the weighted backends; empty or all invalid means connections are refused
 */
public record StreamRoute(RouteKey key, List<String> hostnames, List<BackendRef> backends) {

  public StreamRoute {
    Objects.requireNonNull(key, "key");
    hostnames = List.copyOf(hostnames);
    backends = List.copyOf(backends);
  }
}
