package dev.sluice.proxy.upstream;

import dev.sluice.ir.Endpoint;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The passive health of one endpoint of a {@link Cluster}: its consecutive failures and whether it
 * is ejected. Thread-safe: outcomes are recorded from every event loop with atomic operations; the
 * ejection check on the request path is one volatile read while the endpoint is in service.
 * Ejection decisions take the cluster's lock (rare).
 */
public final class EndpointHealth {

  private final Endpoint endpoint;
  private final Cluster cluster;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();

  /** Clock time at which the current ejection ends; 0 while in service. */
  private final AtomicLong ejectedUntil = new AtomicLong();

  // Guarded by the cluster's lock.
  private int ejections;
  private long lastEjectionEnd;

  EndpointHealth(Endpoint endpoint, Cluster cluster) {
    this.endpoint = endpoint;
    this.cluster = cluster;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public Cluster cluster() {
    return cluster;
  }

  /** Whether the endpoint is out of load balancing now. */
  public boolean ejected() {
    long until = ejectedUntil.get();
    return until != 0 && ejectedAt(until, cluster.now());
  }

  /** How often the endpoint was ejected (less what time in service forgave). */
  public int ejections() {
    synchronized (cluster) {
      return ejections;
    }
  }

  /** A response that does not count as a failure: the failure streak ends. */
  void recordSuccess() {
    // Read first: a healthy endpoint's counter stays 0 and its cache line is never written.
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0);
    }
  }

  /** A 5xx response, a failed connect, or a connection lost before the response. */
  void recordFailure() {
    if (consecutiveFailures.incrementAndGet() >= cluster.policy().consecutiveFailures()) {
      cluster.considerEjecting(this);
    }
  }

  /** Ejected at clock time {@code now}; a lapsed ejection is cleared on the way. */
  boolean ejectedAt(long now) {
    long until = ejectedUntil.get();
    return until != 0 && ejectedAt(until, now);
  }

  private boolean ejectedAt(long until, long now) {
    if (now - until < 0) {
      return true;
    }
    // Back in service; a concurrent new ejection (another value) is left alone.
    ejectedUntil.compareAndSet(until, 0);
    return false;
  }

  /** Ejects the endpoint at {@code now}; the caller holds the cluster's lock. */
  void eject(long now, OutlierPolicy policy) {
    if (ejections > 0) {
      long inService = now - lastEjectionEnd;
      long forgiven = Math.max(0, inService / policy.decayInterval().toNanos());
      ejections = (int) Math.max(0, ejections - forgiven);
    }
    ejections++;
    long duration =
        Math.min(policy.baseEjection().toNanos() * ejections, policy.maxEjection().toNanos());
    long until = now + duration;
    lastEjectionEnd = until;
    consecutiveFailures.set(0);
    ejectedUntil.set(until == 0 ? 1 : until);
  }

  @Override
  public String toString() {
    return cluster.name() + "/" + endpoint;
  }
}
