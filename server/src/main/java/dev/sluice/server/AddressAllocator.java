package dev.sluice.server;

import dev.sluice.source.ObjectRef;
import dev.sluice.translate.AddressPlan;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which address each Gateway without {@code spec.addresses} binds, keeping assignments
 * stable across reloads: a Gateway keeps its address for as long as it exists, and an address is
 * reused only after its Gateway is gone.
 *
 * <p>Not thread-safe: used by the reload loop only.
 */
final class AddressAllocator {

  private final String defaultAddress;
  private final Optional<AddressPool> pool;
  private final Map<ObjectRef, Long> assigned = new HashMap<>();

  AddressAllocator(String defaultAddress, Optional<AddressPool> pool) {
    this.defaultAddress = defaultAddress;
    this.pool = pool;
  }

  /** Plans addresses for {@code gateways}, forgetting the assignments of Gateways that are gone. */
  AddressPlan plan(Collection<Gateway> gateways) {
    if (pool.isEmpty()) {
      return new AddressPlan(defaultAddress, Map.of());
    }
    List<ObjectRef> wanting =
        gateways.stream()
            .filter(gateway -> gateway.getSpec() == null || isEmpty(gateway))
            .map(AddressAllocator::refOf)
            .sorted(Comparator.comparing(ObjectRef::namespace).thenComparing(ObjectRef::name))
            .toList();
    assigned.keySet().retainAll(new HashSet<>(wanting));
    Set<Long> taken = new HashSet<>(assigned.values());
    Map<ObjectRef, String> plan = new HashMap<>();
    long next = 0;
    for (ObjectRef gateway : wanting) {
      Long index = assigned.get(gateway);
      if (index == null) {
        while (taken.contains(next)) {
          next++;
        }
        if (pool.get().address(next).isEmpty()) {
          continue; // pool exhausted: this Gateway falls back to the default address
        }
        index = next;
        assigned.put(gateway, index);
        taken.add(index);
      }
      plan.put(gateway, pool.get().address(index).orElseThrow());
    }
    return new AddressPlan(defaultAddress, plan);
  }

  private static boolean isEmpty(Gateway gateway) {
    return gateway.getSpec().getAddresses() == null || gateway.getSpec().getAddresses().isEmpty();
  }

  private static ObjectRef refOf(Gateway gateway) {
    return new ObjectRef(
        "Gateway", gateway.getMetadata().getNamespace(), gateway.getMetadata().getName());
  }
}
