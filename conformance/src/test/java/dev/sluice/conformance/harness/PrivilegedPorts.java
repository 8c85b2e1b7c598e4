package dev.sluice.conformance.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks up front that this process may bind ports below 1024, because the conformance Gateways
 * listen on the real ports (80, 443, ...) of the upstream manifests. Stateless.
 */
final class PrivilegedPorts {

  private PrivilegedPorts() {}

  static void requireBindable() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 80));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot bind 127.0.0.9:80 ("
              + e.getMessage()
              + "): the conformance suite serves Gateways on the real ports 80 and 443. Run it as"
              + " root, or allow unprivileged binds with"
              + " `sudo sysctl net.ipv4.ip_unprivileged_port_start=80`",
          e);
    }
  }
}
