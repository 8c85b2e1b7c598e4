package dev.sluice.proxy.upstream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-flight counters of one backend, shared by every event loop, and their caps ({@link
 * UpstreamLimits}). Thread-safe and lock-free: taking a slot is a compare-and-set loop that never
 * passes the cap, releasing one is a decrement. Every slot taken is released exactly once by its
 * owner (a connection, an acquire in progress, or an {@link UpstreamConnection} lease).
 */
public final class CircuitBreaker {

  private final UpstreamLimits limits;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();

  CircuitBreaker(UpstreamLimits limits) {
    this.limits = limits;
  }

  /** Connections open or being opened now. */
  public int connections() {
    return connections.get();
  }

  /** Requests waiting for a new connection now. */
  public int pending() {
    return pending.get();
  }

  /** Requests in flight now, retries included. */
  public int requests() {
    return requests.get();
  }

  /** Retries in flight now. */
  public int retries() {
    return retries.get();
  }

  /** Retries that may be in flight with the current requests: the budget share, at least min. */
  public int retryBudget() {
    return Math.max(
        limits.minRetryConcurrency(), requests.get() * limits.retryBudgetPercent() / 100);
  }

  /**
   * Admits a request (and, for a retry, a retry within the budget); null when admitted, else the
   * limit that overflowed, with nothing taken.
   */
  UpstreamOverloadedException.Limit admit(boolean retry) {
    if (!tryIncrement(requests, limits.maxRequests())) {
      return UpstreamOverloadedException.Limit.REQUESTS;
    }
    if (retry && !tryIncrement(retries, retryBudget())) {
      requests.decrementAndGet();
      return UpstreamOverloadedException.Limit.RETRIES;
    }
    return null;
  }

  /** Ends a request admitted by {@link #admit}. */
  void finish(boolean retry) {
    requests.decrementAndGet();
    if (retry) {
      retries.decrementAndGet();
    }
  }

  boolean tryOpenConnection() {
    return tryIncrement(connections, limits.maxConnections());
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  boolean tryStartPending() {
    return tryIncrement(pending, limits.maxPendingRequests());
  }

  void pendingEnded() {
    pending.decrementAndGet();
  }

  private static boolean tryIncrement(AtomicInteger counter, int max) {
    int current;
    do {
      current = counter.get();
      if (current >= max) {
        return false;
      }
    } while (!counter.compareAndSet(current, current + 1));
    return true;
  }
}
