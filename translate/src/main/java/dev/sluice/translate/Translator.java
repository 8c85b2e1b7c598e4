package dev.sluice.translate;

import dev.sluice.ir.GatewayIr;
import dev.sluice.source.ResourceSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Translates a {@link ResourceSet} into the gateway IR and the status of every Gateway API object
 * of our controller, as a conformant Gateway API implementation would write it.
 *
 * <p>A pure function: no I/O, no clock, no randomness, and the input is never modified (statuses
 * are written on copies). Equal inputs give equal results. Thread-safe.
 *
 * <p>The steps, one processor each: accept our GatewayClasses; check each of their Gateways and its
 * listeners; find listeners that conflict across Gateways sharing a socket; attach each HTTPRoute
 * to listeners and translate its rules; write the Gateway statuses (which count the attached
 * routes); assemble the IR from the programmed listeners.
 */
public final class Translator {

  /** The {@code spec.controllerName} of the GatewayClasses Sluice implements. */
  public static final String CONTROLLER_NAME = "sluice.dev/gateway-controller";

  /** The API group of the Gateway API kinds. */
  public static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

  private static final Comparator<HasMetadata> BY_NAMESPACE_AND_NAME =
      Comparator.comparing((HasMetadata o) -> String.valueOf(o.getMetadata().getNamespace()))
          .thenComparing(o -> o.getMetadata().getName());

  private Translator() {}

  /**
   * Translates {@code resources}; Gateways without {@code spec.addresses} bind what {@code
   * addresses} assigns them.
   */
  public static TranslationResult translate(ResourceSet resources, AddressPlan addresses) {
    Problems problems = new Problems(resources);
    GatewayClassProcessor.Result classes =
        GatewayClassProcessor.process(resources.gatewayClasses(), problems);
    List<GatewayContext> gateways = gateways(resources, classes, addresses, problems);
    ListenerConflicts.acrossGateways(gateways, problems);
    List<HTTPRoute> routes = routes(resources, gateways, problems);

    List<HasMetadata> statuses = new ArrayList<>(classes.statuses());
    gateways.forEach(g -> statuses.add(GatewayStatusWriter.write(g)));
    statuses.addAll(routes);
    GatewayIr ir = IrAssembler.assemble(gateways);
    return new TranslationResult(ir, statuses, problems.toList());
  }

  private static List<GatewayContext> gateways(
      ResourceSet resources,
      GatewayClassProcessor.Result classes,
      AddressPlan addresses,
      Problems problems) {
    List<GatewayContext> result = new ArrayList<>();
    for (Gateway gateway : sorted(resources.gateways())) {
      if (gateway.getSpec() == null) {
        problems.error(gateway, "spec", "spec is required");
        continue;
      }
      String className = String.valueOf(gateway.getSpec().getGatewayClassName());
      Optional<GatewayClass> gatewayClass = classes.find(className);
      if (gatewayClass.isEmpty()) {
        problems.error(
            gateway,
            "spec.gatewayClassName",
            "GatewayClass "
                + className
                + " does not exist (expected: a GatewayClass with"
                + " controllerName "
                + CONTROLLER_NAME
                + ")");
      } else if (GatewayClassProcessor.Result.isOurs(gatewayClass.get())) {
        result.add(GatewayProcessor.process(gateway, addresses, problems));
      }
    }
    return result;
  }

  private static List<HTTPRoute> routes(
      ResourceSet resources, List<GatewayContext> gateways, Problems problems) {
    Map<String, GatewayContext> ours = new LinkedHashMap<>();
    gateways.forEach(g -> ours.put(g.namespace() + "/" + g.name(), g));
    Set<String> all =
        resources.gateways().stream()
            .map(g -> g.getMetadata().getNamespace() + "/" + g.getMetadata().getName())
            .collect(Collectors.toSet());
    BackendRefResolver backends =
        new BackendRefResolver(
            resources.services(),
            new ReferenceGrants(resources.referenceGrants()),
            new EndpointResolver(resources.endpointSlices()));
    HTTPRouteProcessor processor =
        new HTTPRouteProcessor(
            ours,
            all,
            new NamespaceLabels(resources.namespaces()),
            new HTTPRuleTranslator(backends),
            problems);
    List<HTTPRoute> result = new ArrayList<>();
    for (HTTPRoute route : sorted(resources.httpRoutes())) {
      if (route.getSpec() == null) {
        problems.error(route, "spec", "spec is required");
        continue;
      }
      processor.process(route).ifPresent(result::add);
    }
    return result;
  }

  private static <T extends HasMetadata> List<T> sorted(List<T> objects) {
    return objects.stream().sorted(BY_NAMESPACE_AND_NAME).toList();
  }
}
