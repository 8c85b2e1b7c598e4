package dev.sluice.source;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every config object a source currently holds, whichever source produced it.
 *
 * <p>Immutable by convention: sources build a fresh set on every change and never mutate the model
 * objects afterwards; consumers must not mutate them either (the translator copies before it writes
 * a status). Objects without a namespace have been given {@code default} by the source. Route kinds
 * served under older API versions ({@code v1alpha2}, {@code v1alpha3}, {@code v1beta1}) are read
 * into the {@code v1} classes.
 *
 * @param locations where each object was read from, when the source knows (the folder source does)
 * @param policies Sluice's own policy kinds ({@code gateway.sluice.dev}), such as {@link
 *     dev.sluice.source.api.ClientTrafficPolicy}, in the order they were read; consumers pick the
 *     kinds they handle by type
 */
public record ResourceSet(
    List<GatewayClass> gatewayClasses,
    List<Gateway> gateways,
    List<ListenerSet> listenerSets,
    List<HTTPRoute> httpRoutes,
    List<GRPCRoute> grpcRoutes,
    List<TLSRoute> tlsRoutes,
    List<TCPRoute> tcpRoutes,
    List<UDPRoute> udpRoutes,
    List<ReferenceGrant> referenceGrants,
    List<BackendTLSPolicy> backendTlsPolicies,
    List<Namespace> namespaces,
    List<Service> services,
    List<EndpointSlice> endpointSlices,
    List<Secret> secrets,
    List<ConfigMap> configMaps,
    Map<ObjectRef, SourceLocation> locations,
    List<HasMetadata> policies) {

  public static final ResourceSet EMPTY =
      new ResourceSet(
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
          Map.of());

  public ResourceSet {
    gatewayClasses = List.copyOf(gatewayClasses);
    gateways = List.copyOf(gateways);
    listenerSets = List.copyOf(listenerSets);
    httpRoutes = List.copyOf(httpRoutes);
    grpcRoutes = List.copyOf(grpcRoutes);
    tlsRoutes = List.copyOf(tlsRoutes);
    tcpRoutes = List.copyOf(tcpRoutes);
    udpRoutes = List.copyOf(udpRoutes);
    referenceGrants = List.copyOf(referenceGrants);
    backendTlsPolicies = List.copyOf(backendTlsPolicies);
    namespaces = List.copyOf(namespaces);
    services = List.copyOf(services);
    endpointSlices = List.copyOf(endpointSlices);
    secrets = List.copyOf(secrets);
    configMaps = List.copyOf(configMaps);
    locations = Map.copyOf(locations);
    policies = List.copyOf(policies);
  }

  /** A set without any of Sluice's own policy kinds. */
  public ResourceSet(
      List<GatewayClass> gatewayClasses,
      List<Gateway> gateways,
      List<ListenerSet> listenerSets,
      List<HTTPRoute> httpRoutes,
      List<GRPCRoute> grpcRoutes,
      List<TLSRoute> tlsRoutes,
      List<TCPRoute> tcpRoutes,
      List<UDPRoute> udpRoutes,
      List<ReferenceGrant> referenceGrants,
      List<BackendTLSPolicy> backendTlsPolicies,
      List<Namespace> namespaces,
      List<Service> services,
      List<EndpointSlice> endpointSlices,
      List<Secret> secrets,
      List<ConfigMap> configMaps,
      Map<ObjectRef, SourceLocation> locations) {
    this(
        gatewayClasses,
        gateways,
        listenerSets,
        httpRoutes,
        grpcRoutes,
        tlsRoutes,
        tcpRoutes,
        udpRoutes,
        referenceGrants,
        backendTlsPolicies,
        namespaces,
        services,
        endpointSlices,
        secrets,
        configMaps,
        locations,
        List.of());
  }

  /** The policies of type {@code type}, in the order they were read. */
  public <T extends HasMetadata> List<T> policies(Class<T> type) {
    return policies.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** A set with the HTTP kinds only (the others empty). */
  public ResourceSet(
      List<GatewayClass> gatewayClasses,
      List<Gateway> gateways,
      List<HTTPRoute> httpRoutes,
      List<ReferenceGrant> referenceGrants,
      List<Namespace> namespaces,
      List<Service> services,
      List<EndpointSlice> endpointSlices,
      List<Secret> secrets,
      Map<ObjectRef, SourceLocation> locations) {
    this(
        gatewayClasses,
        gateways,
        List.of(),
        httpRoutes,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        referenceGrants,
        List.of(),
        namespaces,
        services,
        endpointSlices,
        secrets,
        List.of(),
        locations);
  }

  /** Where the object was read from, if known. */
  public Optional<SourceLocation> locationOf(ObjectRef ref) {
    return Optional.ofNullable(locations.get(ref));
  }
}
