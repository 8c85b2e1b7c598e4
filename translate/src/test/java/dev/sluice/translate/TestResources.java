package dev.sluice.translate;

import dev.sluice.source.ObjectRef;
import dev.sluice.source.ResourceSet;
import dev.sluice.source.SourceLocation;
import dev.sluice.source.api.ClientTrafficPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Test-only loader: multi-document YAML to a {@link ResourceSet}, recording the line each object
 * starts on. Deliberately independent of the folder source.
 */
final class TestResources {

  private static final ObjectMapper YAML = YAMLMapper.builder().build();
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.ofEntries(
          Map.entry("GatewayClass", GatewayClass.class),
          Map.entry("Gateway", Gateway.class),
          Map.entry("ListenerSet", ListenerSet.class),
          Map.entry("HTTPRoute", HTTPRoute.class),
          Map.entry("GRPCRoute", GRPCRoute.class),
          Map.entry("TLSRoute", TLSRoute.class),
          Map.entry("TCPRoute", TCPRoute.class),
          Map.entry("UDPRoute", UDPRoute.class),
          Map.entry("ReferenceGrant", ReferenceGrant.class),
          Map.entry("BackendTLSPolicy", BackendTLSPolicy.class),
          Map.entry("Namespace", Namespace.class),
          Map.entry("Service", Service.class),
          Map.entry("EndpointSlice", EndpointSlice.class),
          Map.entry("Secret", Secret.class),
          Map.entry("ConfigMap", ConfigMap.class),
          Map.entry("ClientTrafficPolicy", ClientTrafficPolicy.class));
  private static final Set<String> CLUSTER_SCOPED = Set.of("GatewayClass", "Namespace");

  private TestResources() {}

  static ResourceSet load(String yaml, String file) {
    Map<Class<?>, List<HasMetadata>> byClass = new HashMap<>();
    Map<ObjectRef, SourceLocation> locations = new HashMap<>();
    String[] lines = yaml.split("\n", -1);
    int start = 0;
    for (int i = 0; i <= lines.length; i++) {
      if (i == lines.length || lines[i].strip().equals("---")) {
        String doc = String.join("\n", List.of(lines).subList(start, i));
        HasMetadata object = parse(doc);
        if (object != null) {
          byClass.computeIfAbsent(object.getClass(), k -> new ArrayList<>()).add(object);
          locations.put(
              Problems.refOf(object), new SourceLocation(file, firstContentLine(lines, start)));
        }
        start = i + 1;
      }
    }
    return new ResourceSet(
        list(byClass, GatewayClass.class),
        list(byClass, Gateway.class),
        list(byClass, ListenerSet.class),
        list(byClass, HTTPRoute.class),
        list(byClass, GRPCRoute.class),
        list(byClass, TLSRoute.class),
        list(byClass, TCPRoute.class),
        list(byClass, UDPRoute.class),
        list(byClass, ReferenceGrant.class),
        list(byClass, BackendTLSPolicy.class),
        list(byClass, Namespace.class),
        list(byClass, Service.class),
        list(byClass, EndpointSlice.class),
        list(byClass, Secret.class),
        list(byClass, ConfigMap.class),
        locations,
        List.<HasMetadata>copyOf(list(byClass, ClientTrafficPolicy.class)));
  }

  private static HasMetadata parse(String doc) {
    JsonNode node = YAML.readTree(doc);
    if (node == null || node.isMissingNode() || node.isNull() || node.isEmpty()) {
      return null;
    }
    String kind = node.path("kind").asString();
    Class<? extends HasMetadata> type = KINDS.get(kind);
    if (type == null) {
      throw new IllegalArgumentException(
          "kind: " + kind + " (expected: one of " + KINDS.keySet() + ")");
    }
    HasMetadata object = YAML.treeToValue(node, type);
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    if (!CLUSTER_SCOPED.contains(kind) && object.getMetadata().getNamespace() == null) {
      object.getMetadata().setNamespace("default");
    }
    return object;
  }

  private static int firstContentLine(String[] lines, int from) {
    for (int i = from; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        return i + 1;
      }
    }
    return from + 1;
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Map<Class<?>, List<HasMetadata>> byClass, Class<T> type) {
    return (List<T>) (List<?>) byClass.getOrDefault(type, List.of());
  }
}
