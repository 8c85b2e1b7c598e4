package dev.sluice.ir;

import java.util.Objects;

/**
 * One upstream address.
 *
 * @param address an IP literal or host name
 * @param port the TCP port, 1..65535
 */
public record Endpoint(String address, int port) {

  public Endpoint {
    Objects.requireNonNull(address, "address");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
  }

  @Override
  public String toString() {
    return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
  }
}
