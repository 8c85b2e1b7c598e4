package dev.sluice.proxy;

import java.util.Objects;
import java.util.Optional;

/**
 * The state of one listener socket after {@link ProxyServer#apply}. Immutable.
 *
 * @param listenerName the IR listener name ({@code address:port})
 * @param address the address it binds
 * @param port the port it binds
 * @param error why the socket could not be bound (e.g. address already in use); empty when bound
 */
public record ListenerBinding(
    String listenerName, String address, int port, Optional<String> error) {

  public ListenerBinding {
    Objects.requireNonNull(listenerName, "listenerName");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(error, "error");
  }

  /** Whether the socket is bound and serving. */
  public boolean bound() {
    return error.isEmpty();
  }
}
