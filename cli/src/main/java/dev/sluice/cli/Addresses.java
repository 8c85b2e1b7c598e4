package dev.sluice.cli;

import java.net.InetSocketAddress;

/** Parses {@code HOST:PORT}, {@code :PORT} and {@code [IPV6]:PORT} socket addresses. */
final class Addresses {

  private Addresses() {}

  static InetSocketAddress parse(String value, String defaultHost) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "address: '" + value + "' (expected: HOST:PORT, e.g. 127.0.0.1:9901)");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "address: '" + value + "' has no valid port (expected: HOST:PORT, e.g. 127.0.0.1:9901)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    return new InetSocketAddress(host.isEmpty() ? defaultHost : host, port);
  }
}
