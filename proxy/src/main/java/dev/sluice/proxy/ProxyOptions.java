package dev.sluice.proxy;

import dev.sluice.proxy.overload.MemoryPressureOptions;
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
 * @param memoryPressure when new requests are shed with 503 for lack of heap or direct memory
 */
public record ProxyOptions(
    int eventLoopThreads,
    Duration upstreamConnectTimeout,
    Duration drainTimeout,
    int maxConnections,
    MemoryPressureOptions memoryPressure) {

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
    Objects.requireNonNull(memoryPressure, "memoryPressure");
  }

  /** Options with the default memory-pressure shedding ({@link MemoryPressureOptions#defaults}). */
  public ProxyOptions(
      int eventLoopThreads,
      Duration upstreamConnectTimeout,
      Duration drainTimeout,
      int maxConnections) {
    this(
        eventLoopThreads,
        upstreamConnectTimeout,
        drainTimeout,
        maxConnections,
        MemoryPressureOptions.defaults());
  }

  /** Options with the default proxy-wide connection cap. */
  public ProxyOptions(
      int eventLoopThreads, Duration upstreamConnectTimeout, Duration drainTimeout) {
    this(eventLoopThreads, upstreamConnectTimeout, drainTimeout, DEFAULT_MAX_CONNECTIONS);
  }

  /** These options with {@code threads} event loops (0 = one per core); the rest is kept. */
  public ProxyOptions withEventLoopThreads(int threads) {
    return new ProxyOptions(
        threads, upstreamConnectTimeout, drainTimeout, maxConnections, memoryPressure);
  }

  /** These options with other memory-pressure thresholds, period or gauge. */
  public ProxyOptions withMemoryPressure(MemoryPressureOptions other) {
    return new ProxyOptions(
        eventLoopThreads, upstreamConnectTimeout, drainTimeout, maxConnections, other);
  }

  /**
   * One loop per core, 5 s connect timeout, 10 s drain, 50 000 connections, shedding at 90% of the
   * heap or direct memory.
   */
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
