package dev.sluice.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * Process-level settings of the data plane. Immutable.
 *
 * @param eventLoopThreads event loops to run; 0 means one per core
 * @param upstreamConnectTimeout how long a connection to a backend may take before 503
 * @param drainTimeout how long {@link ProxyServer#close()} (or the removal of a listener) lets
 *     in-flight requests finish before their connections are closed
 * @param maxConnections open client connections across all HTTP and TLS listeners; more are refused
 *     at accept (each listener also has its own cap, {@code ClientLimits.maxConnections})
 */
public record ProxyOptions(
    int eventLoopThreads,
    Duration upstreamConnectTimeout,
    Duration drainTimeout,
    int maxConnections) {

  /** The default proxy-wide connection cap (Envoy's edge recommendation). */
  public static final int DEFAULT_MAX_CONNECTIONS = 50_000;

  public ProxyOptions {
    if (eventLoopThreads < 0) {
      throw new IllegalArgumentException(
          "eventLoopThreads: " + eventLoopThreads + " (expected: >= 0, 0 = one per core)");
    }
    requirePositive("upstreamConnectTimeout", upstreamConnectTimeout);
    requirePositive("drainTimeout", drainTimeout);
    if (maxConnections <= 0) {
      throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: > 0)");
    }
  }

  /** Options with the default proxy-wide connection cap. */
  public ProxyOptions(
      int eventLoopThreads, Duration upstreamConnectTimeout, Duration drainTimeout) {
    this(eventLoopThreads, upstreamConnectTimeout, drainTimeout, DEFAULT_MAX_CONNECTIONS);
  }

  /** One loop per core, 5 s connect timeout, 10 s drain, 50 000 connections. */
  public static ProxyOptions defaults() {
    return new ProxyOptions(0, Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
