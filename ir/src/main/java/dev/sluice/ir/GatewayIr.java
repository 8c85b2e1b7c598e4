package dev.sluice.ir;

import java.util.List;
import java.util.Objects;

/**
 * The whole data-plane configuration: every socket to bind and what to do with its traffic.
 *
 * <p>Immutable and thread-safe. Two IRs that are {@code equals} configure the data plane
 * identically, which lets the reload loop skip no-op updates.
 *
 * @param listeners one entry per bound socket (address and port), in a stable order
 */
public record GatewayIr(List<Listener> listeners) {

  public static final GatewayIr EMPTY = new GatewayIr(List.of());

  public GatewayIr {
    listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
  }
}
