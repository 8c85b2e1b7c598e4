package dev.sluice.ir;

import java.util.Objects;

/**
 * Names the Gateway listener that produced a virtual host, so that data-plane results (a port that
 * cannot be bound) can be reported on the right listener status.
 *
 * @param namespace the Gateway's namespace
 * @param gateway the Gateway's name
 * @param listener the listener's name ({@code sectionName})
 */
public record ListenerKey(String namespace, String gateway, String listener) {

  public ListenerKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(listener, "listener");
  }

  @Override
  public String toString() {
    return namespace + "/" + gateway + "/" + listener;
  }
}
