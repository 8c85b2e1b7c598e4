package dev.sluice.server;

import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerKey;
import dev.sluice.ir.VirtualHost;
import dev.sluice.proxy.ListenerBinding;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntryStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSetBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reports sockets the data plane could not bind on the listeners they serve (of Gateways and of
 * ListenerSets): such a listener becomes {@code Accepted=False/PortUnavailable} and {@code
 * Programmed=False/Invalid}. When the address itself does not exist on this machine, the Gateway
 * becomes {@code Programmed=False/AddressNotUsable} and reports no address. A Gateway none of whose
 * listeners is programmed becomes {@code Programmed=False/Invalid}.
 *
 * <p>Stateless; returns new objects and never mutates its inputs.
 */
final class BindStatusPatcher {

  private BindStatusPatcher() {}

  /** What went wrong for the listeners of one bind. */
  private record Failures(Map<ListenerKey, String> listeners, Map<String, String> gateways) {}

  static List<HasMetadata> patch(
      List<HasMetadata> statuses, GatewayIr ir, List<ListenerBinding> bindings) {
    Failures failures = failures(ir, bindings);
    if (failures.listeners().isEmpty()) {
      return statuses;
    }
    List<HasMetadata> patched = new ArrayList<>(statuses.size());
    for (HasMetadata object : statuses) {
      patched.add(
          switch (object) {
            case Gateway gateway -> patchGateway(gateway, failures);
            case ListenerSet set -> patchListenerSet(set, failures);
            default -> object;
          });
    }
    return patched;
  }

  private static Failures failures(GatewayIr ir, List<ListenerBinding> bindings) {
    Map<String, Listener> byName = new HashMap<>();
    ir.listeners().forEach(listener -> byName.put(listener.name(), listener));
    Map<ListenerKey, String> listeners = new HashMap<>();
    Map<String, String> unusableAddresses = new HashMap<>();
    for (ListenerBinding binding : bindings) {
      Listener listener = byName.get(binding.listenerName());
      if (binding.error().isEmpty() || listener == null) {
        continue;
      }
      String message = binding.error().get();
      for (VirtualHost host : listener.virtualHosts()) {
        listeners.put(host.source(), message);
        if (addressNotOnThisMachine(message)) {
          unusableAddresses.put(host.source().namespace() + "/" + host.source().gateway(), message);
        }
      }
    }
    return new Failures(listeners, unusableAddresses);
  }

  /** EADDRNOTAVAIL, as the JDK and Netty's native transport word it. */
  private static boolean addressNotOnThisMachine(String error) {
    return error.contains("Cannot assign requested address") || error.contains("error(-99)");
  }

  private static Gateway patchGateway(Gateway original, Failures failures) {
    Gateway gateway = new GatewayBuilder(original).build();
    if (gateway.getStatus() == null || gateway.getStatus().getListeners() == null) {
      return gateway;
    }
    String namespace = gateway.getMetadata().getNamespace();
    String name = gateway.getMetadata().getName();
    long generation = generation(gateway);
    boolean anyProgrammed = false;
    for (ListenerStatus listener : gateway.getStatus().getListeners()) {
      String failure =
          failures.listeners().get(new ListenerKey(namespace, name, listener.getName()));
      if (failure != null) {
        markUnbound(listener.getConditions(), failure, generation);
      }
      anyProgrammed |= Conditions.isTrue(listener.getConditions(), "Programmed");
    }
    String unusable = failures.gateways().get(namespace + "/" + name);
    if (unusable != null) {
      gateway.getStatus().setAddresses(new ArrayList<>());
      Conditions.put(
          gateway.getStatus().getConditions(),
          "Programmed",
          "False",
          "AddressNotUsable",
          unusable,
          generation);
    } else if (!anyProgrammed) {
      Conditions.put(
          gateway.getStatus().getConditions(),
          "Programmed",
          "False",
          "Invalid",
          "no listener could be programmed: see the listener conditions",
          generation);
    }
    return gateway;
  }

  private static ListenerSet patchListenerSet(ListenerSet original, Failures failures) {
    ListenerSet set = new ListenerSetBuilder(original).build();
    if (set.getStatus() == null || set.getStatus().getListeners() == null) {
      return set;
    }
    String namespace = set.getMetadata().getNamespace();
    String name = set.getMetadata().getName();
    for (ListenerEntryStatus listener : set.getStatus().getListeners()) {
      String failure =
          failures.listeners().get(new ListenerKey(namespace, name, listener.getName()));
      if (failure != null) {
        markUnbound(listener.getConditions(), failure, generation(set));
      }
    }
    return set;
  }

  private static void markUnbound(List<Condition> conditions, String failure, long generation) {
    Conditions.put(conditions, "Accepted", "False", "PortUnavailable", failure, generation);
    Conditions.put(conditions, "Programmed", "False", "Invalid", failure, generation);
  }

  private static long generation(HasMetadata object) {
    return Objects.requireNonNullElse(object.getMetadata().getGeneration(), 1L);
  }

  /** Small helpers on fabric8 condition lists (mutable lists inside our private copies). */
  static final class Conditions {
    private Conditions() {}

    static void put(
        List<Condition> conditions,
        String type,
        String status,
        String reason,
        String message,
        long generation) {
      String since = null;
      for (Condition existing : conditions) {
        if (existing.getType().equals(type)) {
          since = existing.getLastTransitionTime();
        }
      }
      conditions.removeIf(condition -> condition.getType().equals(type));
      Condition condition = new Condition();
      condition.setType(type);
      condition.setStatus(status);
      condition.setReason(reason);
      condition.setMessage(message);
      condition.setObservedGeneration(generation);
      condition.setLastTransitionTime(since);
      conditions.add(condition);
    }

    static boolean isTrue(List<Condition> conditions, String type) {
      return conditions.stream()
          .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus()));
    }
  }
}
