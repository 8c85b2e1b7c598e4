package dev.sluice.server;

import dev.sluice.ir.ListenerKey;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntryStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSetBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The statuses of a translation in which {@link CertificateCarryOver} kept previous certificates:
 * those of the first translation, except that a carried listener's conditions are the second
 * translation's ({@code Programmed=True}) with the first translation's {@code
 * ResolvedRefs=False/InvalidCertificateRef}, whose message adds that the previous certificate is
 * still served; its Gateway or ListenerSet takes the second translation's {@code Programmed} (and
 * addresses, or {@code Accepted}), which count it as served.
 *
 * <p>Stateless; returns new objects and never mutates its inputs.
 */
final class CarriedStatus {

  private static final String RESOLVED_REFS = "ResolvedRefs";

  /** How to read and write the listener entries of a Gateway or of a ListenerSet status. */
  private record Entries<L>(
      Function<L, String> name,
      Function<L, List<Condition>> conditions,
      BiConsumer<L, List<Condition>> setConditions) {}

  private static final Entries<ListenerStatus> GATEWAY_LISTENERS =
      new Entries<>(
          ListenerStatus::getName, ListenerStatus::getConditions, ListenerStatus::setConditions);

  private static final Entries<ListenerEntryStatus> SET_LISTENERS =
      new Entries<>(
          ListenerEntryStatus::getName,
          ListenerEntryStatus::getConditions,
          ListenerEntryStatus::setConditions);

  private CarriedStatus() {}

  static List<HasMetadata> statuses(
      List<HasMetadata> first, List<HasMetadata> second, Map<ListenerKey, List<String>> carried) {
    Map<String, HasMetadata> counterparts = new HashMap<>();
    second.forEach(object -> counterparts.put(id(object), object));
    List<HasMetadata> patched = new ArrayList<>(first.size());
    for (HasMetadata object : first) {
      HasMetadata counterpart = counterparts.get(id(object));
      patched.add(
          switch (object) {
            case Gateway gateway when counterpart instanceof Gateway again ->
                gateway(gateway, again, carried);
            case ListenerSet set when counterpart instanceof ListenerSet again ->
                listenerSet(set, again, carried);
            default -> object;
          });
    }
    return patched;
  }

  /** What a carried listener's ResolvedRefs message and warning add. */
  static String stillServed(List<String> secrets) {
    return "the previous certificate of Secret "
        + String.join(", ", secrets)
        + " is still served until the Secret is fixed or the reference removed";
  }

  private static Gateway gateway(
      Gateway first, Gateway second, Map<ListenerKey, List<String>> carried) {
    if (first.getStatus() == null || second.getStatus() == null) {
      return first;
    }
    Gateway patched = new GatewayBuilder(first).build();
    Gateway theirs = new GatewayBuilder(second).build();
    List<Condition> conditions = patched.getStatus().getConditions();
    if (!carryListeners(
        first,
        patched.getStatus().getListeners(),
        theirs.getStatus().getListeners(),
        GATEWAY_LISTENERS,
        carried)) {
      return first;
    }
    take(conditions, theirs.getStatus().getConditions(), "Programmed");
    patched.getStatus().setAddresses(theirs.getStatus().getAddresses());
    return patched;
  }

  private static ListenerSet listenerSet(
      ListenerSet first, ListenerSet second, Map<ListenerKey, List<String>> carried) {
    if (first.getStatus() == null || second.getStatus() == null) {
      return first;
    }
    ListenerSet patched = new ListenerSetBuilder(first).build();
    ListenerSet theirs = new ListenerSetBuilder(second).build();
    List<Condition> conditions = patched.getStatus().getConditions();
    if (!carryListeners(
        first,
        patched.getStatus().getListeners(),
        theirs.getStatus().getListeners(),
        SET_LISTENERS,
        carried)) {
      return first;
    }
    // A ListenerSet's Accepted counts its served listeners too.
    take(conditions, theirs.getStatus().getConditions(), "Accepted");
    take(conditions, theirs.getStatus().getConditions(), "Programmed");
    return patched;
  }

  /**
   * Replaces, in {@code mine}, each carried listener's entry by its entry in {@code theirs} with
   * the merged conditions; true when any was replaced.
   */
  private static <L> boolean carryListeners(
      HasMetadata owner,
      List<L> mine,
      List<L> theirs,
      Entries<L> entries,
      Map<ListenerKey, List<String>> carried) {
    boolean any = false;
    for (int i = 0; i < mine.size(); i++) {
      L entry = mine.get(i);
      String name = entries.name().apply(entry);
      List<String> secrets = carried.get(key(owner, name));
      Optional<L> again =
          theirs.stream().filter(l -> entries.name().apply(l).equals(name)).findFirst();
      if (secrets != null && again.isPresent()) {
        List<Condition> merged =
            merge(
                entries.conditions().apply(entry),
                entries.conditions().apply(again.get()),
                secrets);
        entries.setConditions().accept(again.get(), merged);
        mine.set(i, again.get());
        any = true;
      }
    }
    return any;
  }

  /** {@code second}'s conditions with {@code first}'s ResolvedRefs, its message amended. */
  private static List<Condition> merge(
      List<Condition> first, List<Condition> second, List<String> secrets) {
    List<Condition> merged = new ArrayList<>();
    for (Condition condition : second) {
      if (!condition.getType().equals(RESOLVED_REFS)) {
        merged.add(condition);
      }
    }
    first.stream()
        .filter(c -> c.getType().equals(RESOLVED_REFS))
        .findFirst()
        .map(
            c ->
                new ConditionBuilder(c)
                    .withMessage(c.getMessage() + "; " + stillServed(secrets))
                    .build())
        .ifPresent(merged::add);
    return merged;
  }

  /** Replaces the condition {@code type} of {@code into} by that of {@code from}, if any. */
  private static void take(List<Condition> into, List<Condition> from, String type) {
    from.stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .ifPresent(
            c -> {
              into.removeIf(existing -> existing.getType().equals(type));
              into.add(c);
            });
  }

  private static String id(HasMetadata object) {
    return object.getKind()
        + " "
        + object.getMetadata().getNamespace()
        + "/"
        + object.getMetadata().getName();
  }

  /** The key of listener {@code listener} of a Gateway or ListenerSet. */
  static ListenerKey key(HasMetadata owner, String listener) {
    return new ListenerKey(
        Objects.requireNonNullElse(owner.getMetadata().getNamespace(), ""),
        owner.getMetadata().getName(),
        listener);
  }
}
