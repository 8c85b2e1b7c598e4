package dev.sluice.translate;

import dev.sluice.source.ResourceSet;
import dev.sluice.source.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Lets a sequence of translations skip the routes that did not change: {@link
 * Translator#translate(ResourceSet, AddressPlan, TranslationMemo)} with the same memo translates
 * only the route objects it has not seen in the previous translation, and reuses the rest (their
 * statuses, problems and IR routes). A config reload that adds one route to hundreds thus
 * translates one route; the Gateway-level steps (classes, Gateways, listeners, policies, the IR
 * assembly) still run in full, as they are few.
 *
 * <p>A route's translation depends on the route and on everything else in the config but the other
 * routes, so what is reused is exact: a route is reused only when it is the very same object as
 * before (sources never mutate their objects, and the folder source hands out the same object while
 * its file is unchanged), read from the same location, and every object that is not a route
 * (GatewayClasses, Gateways, ListenerSets, ReferenceGrants, BackendTLSPolicies, Namespaces,
 * Services, EndpointSlices, Secrets, ConfigMaps, Sluice policies) is the very same object as
 * before, in the same order and from the same location, with an equal address plan. Any other
 * change forgets everything, and that translation translates every route. Results always equal
 * those of {@link Translator#translate(ResourceSet, AddressPlan)}.
 *
 * <p>Holds the last translation's route results (and so its route objects) until the next one. Not
 * thread-safe: one memo per sequence of translations, used by one thread at a time.
 */
public final class TranslationMemo {

  /** What the route results depend on besides the routes; objects compared by identity. */
  private record Environment(
      List<HasMetadata> objects, List<Optional<SourceLocation>> locations, AddressPlan plan) {

    static Environment of(ResourceSet resources, AddressPlan plan) {
      List<HasMetadata> objects =
          Stream.of(
                  resources.gatewayClasses(),
                  resources.gateways(),
                  resources.listenerSets(),
                  resources.referenceGrants(),
                  resources.backendTlsPolicies(),
                  resources.namespaces(),
                  resources.services(),
                  resources.endpointSlices(),
                  resources.secrets(),
                  resources.configMaps(),
                  resources.policies())
              .<HasMetadata>flatMap(List::stream)
              .toList();
      List<Optional<SourceLocation>> locations =
          objects.stream().map(o -> Problems.locationOf(resources, o)).toList();
      return new Environment(objects, locations, plan);
    }

    boolean sameAs(Environment other) {
      if (other == null
          || objects.size() != other.objects.size()
          || !plan.equals(other.plan)
          || !locations.equals(other.locations)) {
        return false;
      }
      for (int i = 0; i < objects.size(); i++) {
        if (objects.get(i) != other.objects.get(i)) {
          return false;
        }
      }
      return true;
    }
  }

  private Environment environment;
  private Map<HasMetadata, RouteEffects> entries = new IdentityHashMap<>();
  private Map<HasMetadata, RouteEffects> next = new IdentityHashMap<>();

  /** Starts a translation of {@code resources}: forgets everything if its environment changed. */
  void begin(ResourceSet resources, AddressPlan plan) {
    Environment now = Environment.of(resources, plan);
    if (!now.sameAs(environment)) {
      entries = new IdentityHashMap<>();
    }
    environment = now;
    next = new IdentityHashMap<>();
  }

  /** What translating {@code route} produced in the previous translation, or null. */
  RouteEffects earlier(HasMetadata route) {
    return entries.get(route);
  }

  /** Keeps what translating {@code route} produced now, for the next translation. */
  void remember(HasMetadata route, RouteEffects effects) {
    next.put(route, effects);
  }

  /** Ends a translation: only the routes it saw are kept. */
  void end() {
    entries = next;
    next = new IdentityHashMap<>();
  }
}
