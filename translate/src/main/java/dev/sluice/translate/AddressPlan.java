package dev.sluice.translate;

import dev.sluice.source.ObjectRef;
import java.util.Map;
import java.util.Objects;

/**
 * Which IP address each Gateway binds when it has no {@code spec.addresses} of its own.
 *
 * <p>The plan is decided outside the translator (the server keeps pool assignments stable across
 * reloads), so that translation stays a pure function.
 *
 * @param defaultAddress the address for Gateways without an assignment ({@code --gateway-address})
 * @param assigned per-Gateway addresses (key kind {@code Gateway}) from {@code --address-pool}
 */
public record AddressPlan(String defaultAddress, Map<ObjectRef, String> assigned) {

  public static final AddressPlan DEFAULT = new AddressPlan("0.0.0.0", Map.of());

  public AddressPlan {
    Objects.requireNonNull(defaultAddress, "defaultAddress");
    assigned = Map.copyOf(assigned);
  }

  /** The address a Gateway without {@code spec.addresses} binds. */
  public String addressFor(String namespace, String gatewayName) {
    return assigned.getOrDefault(new ObjectRef("Gateway", namespace, gatewayName), defaultAddress);
  }
}
