package dev.sluice.proxy;

import java.util.List;

/**
 * What {@link ProxyServer#apply} did to the sockets: one binding per IR listener, in IR order.
 * Immutable.
 */
public record ApplyResult(List<ListenerBinding> bindings) {

  public ApplyResult {
    bindings = List.copyOf(bindings);
  }
}
