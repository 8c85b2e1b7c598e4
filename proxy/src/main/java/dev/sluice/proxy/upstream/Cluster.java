package dev.sluice.proxy.upstream;

import dev.sluice.ir.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The state one backend (a Service port, by its stable name) keeps across requests, event loops and
 * snapshots: its {@link CircuitBreaker} and the {@link EndpointHealth} of each endpoint it has had.
 * Thread-safe. Picking an endpoint takes no lock and allocates nothing once every endpoint was
 * seen: a map lookup and a volatile read. Ejecting one takes this object's lock.
 */
public final class Cluster {

  /** Random draws before falling back to a scan when the drawn endpoints are ejected. */
  private static final int DRAWS = 4;

  private final String name;
  private final CircuitBreaker breaker;
  private final OutlierPolicy policy;
  private final LongSupplier clock;
  private final Map<Endpoint, EndpointHealth> hosts = new ConcurrentHashMap<>();

  /** How many endpoints the backend has in the newest list seen; caps ejections. */
  private volatile int endpointCount;

  Cluster(String name, UpstreamLimits limits, OutlierPolicy policy, LongSupplier clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.breaker = new CircuitBreaker(limits);
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public String name() {
    return name;
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  OutlierPolicy policy() {
    return policy;
  }

  long now() {
    return clock.getAsLong();
  }

  /**
   * A random endpoint of {@code endpoints} (not empty) that is not ejected. When every endpoint is
   * ejected (only possible after the list shrank), one of them anyway: serving beats refusing.
   */
  public EndpointHealth pick(List<Endpoint> endpoints) {
    int n = endpoints.size();
    if (n != endpointCount) {
      endpointCount = n;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    EndpointHealth first = host(endpoints.get(random.nextInt(n)));
    if (!first.ejected()) {
      return first;
    }
    for (int i = 1; i < DRAWS; i++) {
      EndpointHealth next = host(endpoints.get(random.nextInt(n)));
      if (!next.ejected()) {
        return next;
      }
    }
    int start = random.nextInt(n);
    for (int i = 0; i < n; i++) {
      EndpointHealth next = host(endpoints.get((start + i) % n));
      if (!next.ejected()) {
        return next;
      }
    }
    return first;
  }

  /** The health of {@code endpoint}, created on first use. */
  public EndpointHealth host(Endpoint endpoint) {
    EndpointHealth health = hosts.get(endpoint);
    return health != null ? health : add(endpoint);
  }

  private synchronized EndpointHealth add(Endpoint endpoint) {
    // Endpoints come and go (pods are replaced): forget those no longer ejected once the map grows
    // well past the current list, so it stays bounded.
    if (hosts.size() > 2 * endpointCount + 16) {
      long now = now();
      hosts.values().removeIf(h -> !h.ejectedAt(now));
    }
    return hosts.computeIfAbsent(endpoint, e -> new EndpointHealth(e, this));
  }

  /** {@code health} reached the failure threshold: eject it unless the ejection cap is reached. */
  synchronized void considerEjecting(EndpointHealth health) {
    long now = now();
    if (health.ejectedAt(now)) {
      return;
    }
    if (ejectedAt(now) < policy.maxEjected(endpointCount)) {
      health.eject(now, policy);
    }
  }

  /** Endpoints ejected now (for tests and metrics). */
  public int ejectedCount() {
    return ejectedAt(now());
  }

  private int ejectedAt(long now) {
    int ejected = 0;
    for (EndpointHealth h : hosts.values()) {
      if (h.ejectedAt(now)) {
        ejected++;
      }
    }
    return ejected;
  }

  @Override
  public String toString() {
    return "cluster " + name;
  }
}
