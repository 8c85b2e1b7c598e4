package dev.sluice.translate;

import dev.sluice.ir.GatewayIr;
import dev.sluice.source.ResourceSet;
import dev.sluice.source.api.ClientTrafficPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a {@link ResourceSet} into the gateway IR and the status of every Gateway API object
 * of our controller, as a conformant Gateway API implementation would write it.
 *
 * <p>A pure function: no I/O, no clock, no randomness, and the input is never modified (statuses
 * are written on copies). Equal inputs give equal results. Thread-safe.
 *
 * <p>The steps, one processor each: accept our GatewayClasses; check each of their Gateways and its
 * listeners (with their certificates); find listeners that conflict across Gateways sharing a
 * socket; decide the BackendTLSPolicies; attach each route (HTTP, gRPC, TLS, TCP, UDP) to listeners
 * and translate its rules; write the Gateway and policy statuses (which count the attached routes
 * and their Gateways); assemble the IR from the programmed listeners, with the client limits that
 * ClientTrafficPolicies set on each socket. ListenerSets attach to our Gateways after the Gateways'
 * own listeners are checked; their listeners are served like the Gateway's, under {@link
 * dev.sluice.ir.ListenerKey}s naming the ListenerSet.
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
    return translate(resources, addresses, new TranslationMemo());
  }

  /**
   * {@link #translate(ResourceSet, AddressPlan)}, translating only the routes that {@code memo} has
   * not seen in its previous translation (see {@link TranslationMemo}); the result is the same.
   */
  public static TranslationResult translate(
      ResourceSet resources, AddressPlan addresses, TranslationMemo memo) {
    memo.begin(resources, addresses);
    Problems problems = new Problems(resources);
    ReferenceGrants grants = new ReferenceGrants(resources.referenceGrants());
    TlsReferences tls = new TlsReferences(resources.secrets(), resources.configMaps(), grants);
    GatewayClassProcessor.Result classes =
        GatewayClassProcessor.process(resources.gatewayClasses(), problems);
    List<GatewayContext> gateways = gateways(resources, classes, addresses, tls, problems);
    Map<String, GatewayContext> byName = new LinkedHashMap<>();
    gateways.forEach(g -> byName.put(g.namespace() + "/" + g.name(), g));
    List<ListenerSetContext> listenerSets =
        ListenerSets.process(
            resources.listenerSets(),
            byName,
            new NamespaceLabels(resources.namespaces()),
            tls,
            problems);
    ListenerConflicts.acrossGateways(gateways, problems);
    BackendTlsPolicies policies =
        new BackendTlsPolicies(resources.backendTlsPolicies(), tls, problems);
    List<HasMetadata> routes =
        RouteTranslation.translate(
            resources, byName, listenerSets, grants, policies, problems, memo);

    List<HasMetadata> statuses = new ArrayList<>(classes.statuses());
    gateways.forEach(g -> statuses.add(GatewayStatusWriter.write(g)));
    listenerSets.stream()
        .sorted(
            Comparator.comparing(ListenerSetContext::namespace)
                .thenComparing(ListenerSetContext::name))
        .forEach(s -> statuses.add(ListenerSetStatusWriter.write(s)));
    statuses.addAll(routes);
    statuses.addAll(policies.statuses());
    ClientTrafficPolicyProcessor clientPolicies =
        ClientTrafficPolicyProcessor.process(
            resources.policies(ClientTrafficPolicy.class), byName, problems);
    GatewayIr ir =
        SocketLimits.apply(
            IrAssembler.assemble(gateways),
            SocketLimits.decide(gateways, clientPolicies, problems));
    statuses.addAll(ClientTrafficPolicyStatusWriter.write(clientPolicies.attachments()));
    memo.end();
    return new TranslationResult(ir, statuses, problems.toList());
  }

  private static List<GatewayContext> gateways(
      ResourceSet resources,
      GatewayClassProcessor.Result classes,
      AddressPlan addresses,
      TlsReferences tls,
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
        result.add(GatewayProcessor.process(gateway, addresses, tls, problems));
      }
    }
    return result;
  }

  private static <T extends HasMetadata> List<T> sorted(List<T> objects) {
    return objects.stream().sorted(BY_NAMESPACE_AND_NAME).toList();
  }
}
