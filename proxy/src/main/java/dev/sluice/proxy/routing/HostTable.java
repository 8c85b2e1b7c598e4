package dev.sluice.proxy.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Values keyed by host pattern, looked up most specific first: the exact host, then wildcards from
 * longest to shortest suffix, then the entry for "any host". Immutable after {@link Builder#build}
 * and thread-safe.
 *
 * @param <V> the value type
 */
public final class HostTable<V> {

  private record Wildcard<V>(String suffix, V value) {}

  private final Map<String, V> exact;
  private final List<Wildcard<V>> wildcards;
  private final V any;

  private HostTable(Map<String, V> exact, List<Wildcard<V>> wildcards, V any) {
    this.exact = exact;
    this.wildcards = wildcards;
    this.any = any;
  }

  /** The value for "any host" (the entry without a pattern), if any. */
  public Optional<V> any() {
    return Optional.ofNullable(any);
  }

  /** The most specific value for {@code host} (normalised), if any pattern matches. */
  public Optional<V> mostSpecific(String host) {
    return Optional.ofNullable(mostSpecificOrNull(host));
  }

  /** As {@link #mostSpecific}, null when nothing matches; for the per-request path. */
  V mostSpecificOrNull(String host) {
    V value = exact.get(host);
    if (value != null) {
      return value;
    }
    for (Wildcard<V> w : wildcards) {
      if (HostNames.matchesSuffix(host, w.suffix())) {
        return w.value();
      }
    }
    return any;
  }

  /**
   * Probes every value whose pattern matches {@code host}, most specific first, and returns the
   * first non-null probe result (or null). Used for routes, where a request falls through to less
   * specific hostnames when the more specific routes do not match.
   */
  <R> R firstMatch(String host, java.util.function.Function<V, R> probe) {
    V value = exact.get(host);
    R result = value == null ? null : probe.apply(value);
    for (int i = 0; result == null && i < wildcards.size(); i++) {
      Wildcard<V> w = wildcards.get(i);
      if (HostNames.matchesSuffix(host, w.suffix())) {
        result = probe.apply(w.value());
      }
    }
    return result == null && any != null ? probe.apply(any) : result;
  }

  /** Collects values per pattern; not thread-safe. */
  public static final class Builder<V> {
    /** An empty builder. */
    public Builder() {}

    private final Map<String, V> exact = new HashMap<>();
    private final Map<String, V> wildcards = new HashMap<>();
    private final List<String> wildcardOrder = new ArrayList<>();
    private V any;

    /** The value for {@code pattern} (empty = any host), created by {@code create} if absent. */
    public V computeIfAbsent(Optional<String> pattern, java.util.function.Supplier<V> create) {
      if (pattern.isEmpty()) {
        if (any == null) {
          any = create.get();
        }
        return any;
      }
      String p = pattern.get().toLowerCase(Locale.ROOT);
      if (HostNames.isWildcard(p)) {
        String suffix = HostNames.wildcardSuffix(p);
        if (!wildcards.containsKey(suffix)) {
          wildcardOrder.add(suffix);
        }
        return wildcards.computeIfAbsent(suffix, s -> create.get());
      }
      return exact.computeIfAbsent(p, s -> create.get());
    }

    /** The finished table, each value mapped by {@code finish}. */
    public <W> HostTable<W> build(java.util.function.Function<V, W> finish) {
      Map<String, W> exactOut = new HashMap<>();
      exact.forEach((k, v) -> exactOut.put(k, finish.apply(v)));
      List<String> order = new ArrayList<>(wildcardOrder);
      order.sort(Comparator.comparingInt(String::length).reversed());
      List<Wildcard<W>> wildcardOut = new ArrayList<>();
      for (String suffix : order) {
        wildcardOut.add(new Wildcard<>(suffix, finish.apply(wildcards.get(suffix))));
      }
      return new HostTable<>(
          Map.copyOf(exactOut), List.copyOf(wildcardOut), any == null ? null : finish.apply(any));
    }
  }
}
