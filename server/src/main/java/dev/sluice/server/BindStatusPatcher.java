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
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reports sockets the data plane could not bind on the Gateway listeners they serve: such a
 * listener becomes {@code Accepted=False/PortUnavailable} and {@code Programmed=False/Invalid}, and
 * a Gateway none of whose listeners is programmed becomes {@code Programmed=False/Invalid}.
 *
 * <p>Stateless; returns new objects and never mutates its inputs.
 */
final class BindStatusPatcher {

  private BindStatusPatcher() {}

  static List<HasMetadata> patch(
      List<HasMetadata> statuses, GatewayIr ir, List<ListenerBinding> bindings) {
    Map<ListenerKey, String> failures = failuresByListener(ir, bindings);
    if (failures.isEmpty()) {
      return statuses;
    }
    List<HasMetadata> patched = new ArrayList<>(statuses.size());
    for (HasMetadata object : statuses) {
      patched.add(object instanceof Gateway gateway ? patchGateway(gateway, failures) : object);
    }
    return patched;
  }

  private static Map<ListenerKey, String> failuresByListener(
      GatewayIr ir, List<ListenerBinding> bindings) {
    Map<String, Listener> byName = new HashMap<>();
    ir.listeners().forEach(listener -> byName.put(listener.name(), listener));
    Map<ListenerKey, String> failures = new HashMap<>();
    for (ListenerBinding binding : bindings) {
      Listener listener = byName.get(binding.listenerName());
      if (binding.error().isEmpty() || listener == null) {
        continue;
      }
      String message = binding.error().get();
      for (VirtualHost host : listener.virtualHosts()) {
        failures.put(host.source(), message);
      }
    }
    return failures;
  }

  private static Gateway patchGateway(Gateway original, Map<ListenerKey, String> failures) {
    Gateway gateway = new GatewayBuilder(original).build();
    if (gateway.getStatus() == null || gateway.getStatus().getListeners() == null) {
      return gateway;
    }
    String namespace = gateway.getMetadata().getNamespace();
    String name = gateway.getMetadata().getName();
    boolean anyProgrammed = false;
    for (ListenerStatus listener : gateway.getStatus().getListeners()) {
      String failure = failures.get(new ListenerKey(namespace, name, listener.getName()));
      if (failure != null) {
        long generation = Objects.requireNonNullElse(gateway.getMetadata().getGeneration(), 1L);
        Conditions.put(
            listener.getConditions(), "Accepted", "False", "PortUnavailable", failure, generation);
        Conditions.put(
            listener.getConditions(), "Programmed", "False", "Invalid", failure, generation);
      }
      anyProgrammed |= Conditions.isTrue(listener.getConditions(), "Programmed");
    }
    if (!anyProgrammed) {
      long generation = Objects.requireNonNullElse(gateway.getMetadata().getGeneration(), 1L);
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
