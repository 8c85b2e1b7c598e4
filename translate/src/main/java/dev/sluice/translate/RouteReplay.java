package dev.sluice.translate;

import dev.sluice.source.ResourceSet;
import dev.sluice.source.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Translates routes through a {@link TranslationMemo}: a route the memo holds effects for is not
 * translated again; its problems, listener attachments and policy uses are applied to this
 * translation's state and its status is reused. Any other route is translated, and what it did is
 * recorded for the next translation.
 *
 * <p>Listeners and Gateways are recorded by position: every listener of our Gateways, then of the
 * ListenerSets on them, in translation order. The memo only keeps effects across translations whose
 * inputs other than routes are the same objects, and such translations build the same contexts in
 * the same order, so a position names the same listener in both.
 *
 * <p>Mutable; confined to one {@link Translator#translate} call.
 */
final class RouteReplay {

  private final ResourceSet resources;
  private final BackendTlsPolicies policies;
  private final Problems problems;
  private final RouteJournal journal;
  private final TranslationMemo memo;
  private final List<ListenerContext> listeners = new ArrayList<>();
  private final Map<ListenerContext, Integer> listenerPositions = new IdentityHashMap<>();
  private final List<GatewayContext> gateways;
  private final Map<GatewayContext, Integer> gatewayPositions = new IdentityHashMap<>();

  RouteReplay(
      ResourceSet resources,
      Collection<GatewayContext> gateways,
      Collection<ListenerSetContext> listenerSets,
      BackendTlsPolicies policies,
      Problems problems,
      RouteJournal journal,
      TranslationMemo memo) {
    this.resources = resources;
    this.policies = policies;
    this.problems = problems;
    this.journal = journal;
    this.memo = memo;
    this.gateways = List.copyOf(gateways);
    for (GatewayContext gateway : this.gateways) {
      gatewayPositions.putIfAbsent(gateway, gatewayPositions.size());
      gateway.listeners().forEach(this::addListener);
    }
    listenerSets.forEach(set -> set.listeners().forEach(this::addListener));
  }

  private void addListener(ListenerContext listener) {
    if (listenerPositions.putIfAbsent(listener, listeners.size()) == null) {
      listeners.add(listener);
    }
  }

  /** {@code processor}'s result for {@code route}, from the memo or translated now. */
  <T extends HasMetadata> Optional<T> translate(T route, Function<T, Optional<T>> processor) {
    Optional<SourceLocation> location = Problems.locationOf(resources, route);
    RouteEffects earlier = memo.earlier(route);
    if (earlier != null && earlier.location().equals(location) && replayable(earlier)) {
      replay(earlier);
      memo.remember(route, earlier);
      @SuppressWarnings("unchecked") // recorded from the processor of T for this very object
      Optional<T> status = (Optional<T>) earlier.status();
      return status;
    }
    int mark = problems.mark();
    Optional<T> status = processor.apply(route);
    RouteJournal.Entries entries = journal.take();
    record(location, status, mark, entries).ifPresent(effects -> memo.remember(route, effects));
    return status;
  }

  private boolean replayable(RouteEffects effects) {
    return effects.attached().stream().allMatch(a -> a.listener() < listeners.size())
        && effects.used().stream().allMatch(u -> u.gateway() < gateways.size());
  }

  private void replay(RouteEffects effects) {
    problems.addAll(effects.problems());
    effects.attached().forEach(a -> listeners.get(a.listener()).attach(a.attachment()));
    effects.used().forEach(u -> policies.usedBy(u.port(), gateways.get(u.gateway())));
  }

  /** The effects by position; empty (not remembered) if a context has none, which is a bug. */
  private Optional<RouteEffects> record(
      Optional<SourceLocation> location,
      Optional<? extends HasMetadata> status,
      int mark,
      RouteJournal.Entries entries) {
    List<RouteEffects.Attached> attached = new ArrayList<>();
    for (RouteJournal.Attached a : entries.attached()) {
      Integer position = listenerPositions.get(a.listener());
      if (position == null) {
        return Optional.empty();
      }
      attached.add(new RouteEffects.Attached(position, a.attachment()));
    }
    List<RouteEffects.Used> used = new ArrayList<>();
    for (RouteJournal.Used u : entries.used()) {
      Integer position = gatewayPositions.get(u.gateway());
      if (position == null) {
        return Optional.empty();
      }
      used.add(new RouteEffects.Used(u.port(), position));
    }
    return Optional.of(
        new RouteEffects(
            location, status.map(HasMetadata.class::cast), problems.since(mark), attached, used));
  }
}
