package dev.sluice.source;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every config object a source currently holds, whichever source produced it.
 *
 * <p>Immutable by convention: sources build a fresh set on every change and never mutate the model
 * objects afterwards; consumers must not mutate them either (the translator copies before it writes
 * a status). Objects without a namespace have been given {@code default} by the source.
 *
 * @param locations where each object was read from, when the source knows (the folder source does)
 */
public record ResourceSet(
    List<GatewayClass> gatewayClasses,
    List<Gateway> gateways,
    List<HTTPRoute> httpRoutes,
    List<ReferenceGrant> referenceGrants,
    List<Namespace> namespaces,
    List<Service> services,
    List<EndpointSlice> endpointSlices,
    List<Secret> secrets,
    Map<ObjectRef, SourceLocation> locations) {

  public static final ResourceSet EMPTY =
      new ResourceSet(
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
          Map.of());

  public ResourceSet {
    gatewayClasses = List.copyOf(gatewayClasses);
    gateways = List.copyOf(gateways);
    httpRoutes = List.copyOf(httpRoutes);
    referenceGrants = List.copyOf(referenceGrants);
    namespaces = List.copyOf(namespaces);
    services = List.copyOf(services);
    endpointSlices = List.copyOf(endpointSlices);
    secrets = List.copyOf(secrets);
    locations = Map.copyOf(locations);
  }

  /** Where the object was read from, if known. */
  public Optional<SourceLocation> locationOf(ObjectRef ref) {
    return Optional.ofNullable(locations.get(ref));
  }
}
