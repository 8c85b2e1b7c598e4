package dev.sluice.source.folder;

import dev.sluice.source.api.ClientTrafficPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A kind the folder source can read: its model class, its scope and the apiVersions it accepts.
 *
 * <p>Immutable. Older Gateway API versions ({@code v1beta1}, {@code v1alpha2}, {@code v1alpha3})
 * are read into the {@code v1} class because the fields Sluice reads have the same schema; the
 * object's apiVersion is then set to the first (preferred) one, so consumers see a single version
 * per kind.
 */
enum ResourceKind {
  GATEWAY_CLASS("GatewayClass", GatewayClass.class, false, Versions.GATEWAY_API),
  GATEWAY("Gateway", Gateway.class, true, Versions.GATEWAY_API),
  LISTENER_SET("ListenerSet", ListenerSet.class, true, List.of(Versions.V1)),
  HTTP_ROUTE("HTTPRoute", HTTPRoute.class, true, Versions.GATEWAY_API),
  GRPC_ROUTE("GRPCRoute", GRPCRoute.class, true, List.of(Versions.V1)),
  TLS_ROUTE(
      "TLSRoute", TLSRoute.class, true, List.of(Versions.V1, Versions.V1ALPHA2, Versions.V1ALPHA3)),
  TCP_ROUTE("TCPRoute", TCPRoute.class, true, List.of(Versions.V1, Versions.V1ALPHA2)),
  UDP_ROUTE("UDPRoute", UDPRoute.class, true, List.of(Versions.V1, Versions.V1ALPHA2)),
  REFERENCE_GRANT("ReferenceGrant", ReferenceGrant.class, true, Versions.GATEWAY_API),
  BACKEND_TLS_POLICY(
      "BackendTLSPolicy", BackendTLSPolicy.class, true, List.of(Versions.V1, Versions.V1ALPHA3)),
  NAMESPACE("Namespace", Namespace.class, false, List.of("v1")),
  SERVICE("Service", Service.class, true, List.of("v1")),
  SECRET("Secret", Secret.class, true, List.of("v1")),
  CONFIG_MAP("ConfigMap", ConfigMap.class, true, List.of("v1")),
  ENDPOINT_SLICE("EndpointSlice", EndpointSlice.class, true, List.of("discovery.k8s.io/v1")),
  CLIENT_TRAFFIC_POLICY(
      ClientTrafficPolicy.KIND,
      ClientTrafficPolicy.class,
      true,
      List.of(ClientTrafficPolicy.API_VERSION));

  private final String kind;
  private final Class<? extends HasMetadata> modelClass;
  private final boolean namespaced;
  private final List<String> apiVersions;

  ResourceKind(
      String kind,
      Class<? extends HasMetadata> modelClass,
      boolean namespaced,
      List<String> apiVersions) {
    this.kind = kind;
    this.modelClass = modelClass;
    this.namespaced = namespaced;
    this.apiVersions = apiVersions;
  }

  /** The kind that {@code apiVersion} and {@code kind} name, if supported. */
  static Optional<ResourceKind> of(String apiVersion, String kind) {
    for (ResourceKind candidate : values()) {
      if (candidate.kind.equals(kind) && candidate.apiVersions.contains(apiVersion)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Every supported apiVersion/kind pair, for messages. */
  static String supported() {
    return Arrays.stream(values())
        .flatMap(k -> k.apiVersions.stream().map(v -> v + " " + k.kind))
        .collect(Collectors.joining(", "));
  }

  String kind() {
    return kind;
  }

  Class<? extends HasMetadata> modelClass() {
    return modelClass;
  }

  boolean namespaced() {
    return namespaced;
  }

  /** One of Sluice's own policy kinds, which go to {@code ResourceSet.policies()}. */
  boolean sluicePolicy() {
    return preferredApiVersion().startsWith(ClientTrafficPolicy.GROUP + "/");
  }

  String preferredApiVersion() {
    return apiVersions.get(0);
  }

  /** Constants shared by several kinds; a nested class because enum constants cannot see fields. */
  private static final class Versions {
    static final String V1 = "gateway.networking.k8s.io/v1";
    static final String V1ALPHA2 = "gateway.networking.k8s.io/v1alpha2";
    static final String V1ALPHA3 = "gateway.networking.k8s.io/v1alpha3";
    static final List<String> GATEWAY_API = List.of(V1, "gateway.networking.k8s.io/v1beta1");
  }
}
