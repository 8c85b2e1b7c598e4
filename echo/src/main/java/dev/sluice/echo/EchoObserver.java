package dev.sluice.echo;

import java.net.InetSocketAddress;

/**
 * Told about every request the echo server answers with the echo JSON, so that a harness can check
 * which backend saw a (mirrored) request, as the conformance suite does by reading the echo
 * server's log.
 *
 * <p>Called on a Netty event loop: implementations must be thread-safe, fast and must not throw.
 */
@FunctionalInterface
public interface EchoObserver {

  /** An observer that ignores everything. */
  EchoObserver NONE = (requestUri, client) -> {};

  /**
   * @param requestUri the request target exactly as received (path and raw query)
   * @param client the peer's address
   */
  void echoed(String requestUri, InetSocketAddress client);
}
