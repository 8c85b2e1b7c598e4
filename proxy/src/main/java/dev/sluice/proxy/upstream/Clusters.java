package dev.sluice.proxy.upstream;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Every backend's {@link Cluster}, by the backend's stable name ({@code namespace/service:port}),
 * for the life of the proxy: breaker counts and ejections survive config reloads, so a reload never
 * resets a cap or returns an ejected endpoint early. Thread-safe; a lookup is one concurrent-map
 * read. Backends removed from the config keep a small entry (their names are few).
 */
public final class Clusters {

  private final UpstreamLimits limits;
  private final OutlierPolicy outliers;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Cluster> byName = new ConcurrentHashMap<>();

  /**
   * @param clock monotonic nanoseconds (as {@link System#nanoTime}); tests pass a settable one
   */
  public Clusters(UpstreamLimits limits, OutlierPolicy outliers, LongSupplier clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.outliers = Objects.requireNonNull(outliers, "outliers");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Process defaults: {@link UpstreamLimits#DEFAULTS}, {@link OutlierPolicy#DEFAULTS}. */
  public static Clusters defaults() {
    return new Clusters(UpstreamLimits.DEFAULTS, OutlierPolicy.DEFAULTS, System::nanoTime);
  }

  /** The caps every backend gets. */
  public UpstreamLimits limits() {
    return limits;
  }

  /** The cluster of backend {@code name}, created on first use. */
  public Cluster cluster(String name) {
    Cluster cluster = byName.get(name);
    return cluster != null
        ? cluster
        : byName.computeIfAbsent(name, n -> new Cluster(n, limits, outliers, clock));
  }
}
