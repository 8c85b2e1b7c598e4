package dev.sluice.translate;

import dev.sluice.ir.Endpoint;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps a Service port to the addresses that serve it: the ready endpoints of the Service's
 * EndpointSlices; without any slice, the Service's {@code externalName} or {@code clusterIP} (so a
 * standalone config can name a host without writing slices). Immutable after construction.
 */
final class EndpointResolver {

  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final Map<String, List<EndpointSlice>> slicesByService;

  EndpointResolver(List<EndpointSlice> slices) {
    this.slicesByService =
        slices.stream()
            .filter(s -> s.getMetadata().getLabels() != null)
            .filter(s -> s.getMetadata().getLabels().containsKey(SERVICE_NAME_LABEL))
            .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
            .collect(
                Collectors.groupingBy(
                    s ->
                        s.getMetadata().getNamespace()
                            + "/"
                            + s.getMetadata().getLabels().get(SERVICE_NAME_LABEL)));
  }

  List<Endpoint> endpoints(Service service, ServicePort port) {
    String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
    List<EndpointSlice> slices = slicesByService.getOrDefault(key, List.of());
    if (slices.isEmpty()) {
      return fallback(service, port);
    }
    Set<Endpoint> endpoints = new LinkedHashSet<>();
    for (EndpointSlice slice : slices) {
      slicePort(slice, port).ifPresent(p -> addReady(slice, p, endpoints));
    }
    return List.copyOf(endpoints);
  }

  private static void addReady(EndpointSlice slice, int port, Set<Endpoint> into) {
    if (slice.getEndpoints() == null) {
      return;
    }
    for (var endpoint : slice.getEndpoints()) {
      boolean notReady =
          endpoint.getConditions() != null
              && Boolean.FALSE.equals(endpoint.getConditions().getReady());
      if (notReady || endpoint.getAddresses() == null) {
        continue;
      }
      endpoint.getAddresses().stream()
          .filter(Objects::nonNull)
          .forEach(address -> into.add(new Endpoint(address, port)));
    }
  }

  /** The slice port carrying the Service port: same name, or the only one when unnamed. */
  private static Optional<Integer> slicePort(EndpointSlice slice, ServicePort servicePort) {
    List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
    String name = Objects.requireNonNullElse(servicePort.getName(), "");
    Optional<EndpointPort> named =
        ports.stream()
            .filter(p -> name.equals(Objects.requireNonNullElse(p.getName(), "")))
            .findFirst();
    Optional<EndpointPort> chosen =
        named.isPresent() || !name.isEmpty() || ports.size() != 1
            ? named
            : Optional.of(ports.get(0));
    return chosen.map(EndpointPort::getPort).filter(p -> p != null && p >= 1 && p <= 65535);
  }

  private static List<Endpoint> fallback(Service service, ServicePort port) {
    var spec = service.getSpec();
    if (spec == null) {
      return List.of();
    }
    if ("ExternalName".equals(spec.getType()) && hasText(spec.getExternalName())) {
      return List.of(new Endpoint(spec.getExternalName(), port.getPort()));
    }
    if (hasText(spec.getClusterIP()) && !"None".equals(spec.getClusterIP())) {
      return List.of(new Endpoint(spec.getClusterIP(), port.getPort()));
    }
    return List.of();
  }

  private static boolean hasText(String value) {
    return value != null && !value.isEmpty();
  }
}
