package dev.sluice.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * Process-level settings of the data plane. Immutable.
 *
 * @param eventLoopThreads event loops to run; 0 means one per core
 * @param upstreamConnectTimeout how long a connection to a backend may take before 503
 * @param drainTimeout how long {@link ProxyServer#close()} waits for in-flight work
 */
public record ProxyOptions(
    int eventLoopThreads, Duration upstreamConnectTimeout, Duration drainTimeout) {

  public ProxyOptions {
    if (eventLoopThreads < 0) {
      throw new IllegalArgumentException(
          "eventLoopThreads: " + eventLoopThreads + " (expected: >= 0, 0 = one per core)");
    }
    requirePositive("upstreamConnectTimeout", upstreamConnectTimeout);
    requirePositive("drainTimeout", drainTimeout);
  }

  /** One loop per core, 5 s connect timeout, 10 s drain. */
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
