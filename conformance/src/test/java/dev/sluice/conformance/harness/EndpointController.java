package dev.sluice.conformance.harness;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Plays the Kubernetes endpoint controller: for every Service with an {@code app} selector, writes
 * the EndpointSlice that lists the pods of that app (ready, serving) with the Service's target
 * ports and appProtocols. Services without a selector keep the slices their manifest brings.
 *
 * <p>Stateless apart from the fleet it reads.
 */
final class EndpointController {

  private final BackendFleet fleet;

  EndpointController(BackendFleet fleet) {
    this.fleet = fleet;
  }

  /** The EndpointSlice documents (YAML, each starting with {@code ---}) for {@code manifest}. */
  String slicesFor(Manifest manifest) {
    Set<String> existing =
        manifest.ofKind("EndpointSlice").stream()
            .map(s -> s.path("metadata").path("labels").path("kubernetes.io/service-name"))
            .map(node -> node.asString(""))
            .collect(Collectors.toSet());
    StringBuilder out = new StringBuilder();
    for (JsonNode service : manifest.ofKind("Service")) {
      String app = service.path("spec").path("selector").path("app").asString("");
      ObjectKey key = Manifest.key(service);
      if (!app.isEmpty() && !existing.contains(key.name())) {
        out.append(slice(key, app, service.path("spec").path("ports")));
      }
    }
    return out.toString();
  }

  private String slice(ObjectKey service, String app, JsonNode servicePorts) {
    StringBuilder ports = new StringBuilder();
    for (JsonNode port : servicePorts) {
      int target = port.path("targetPort").asInt(port.path("port").asInt());
      String appProtocol = port.path("appProtocol").asString("");
      ports.append(
          "  - {name: \"%s\", port: %d, protocol: %s%s}\n"
              .formatted(
                  port.path("name").asString(""),
                  target,
                  port.path("protocol").asString("TCP"),
                  appProtocol.isEmpty() ? "" : ", appProtocol: " + appProtocol));
    }
    return """
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: %s-harness
          namespace: %s
          labels: {kubernetes.io/service-name: %s}
        addressType: IPv4
        ports:
        %sendpoints:
        %s"""
        .formatted(
            service.name(),
            service.namespace(),
            service.name(),
            ports,
            endpoints(fleet.pods(service.namespace(), app)));
  }

  /** The endpoint entries of {@code pods}, or an empty list. */
  static String endpoints(List<EchoPod> pods) {
    if (pods.isEmpty()) {
      return "  []\n";
    }
    StringBuilder out = new StringBuilder();
    for (EchoPod pod : pods) {
      out.append(
          """
            - addresses: ["%s"]
              conditions: {ready: true, serving: true, terminating: false}
              targetRef: {kind: Pod, name: %s, namespace: %s}
          """
              .formatted(pod.ip(), pod.name(), pod.namespace()));
    }
    return out.toString();
  }
}
