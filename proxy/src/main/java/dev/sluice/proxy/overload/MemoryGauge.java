package dev.sluice.proxy.overload;

import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Reads how full the proxy's memory is, as fractions of the maximum the JVM allows. {@link
 * MemoryPressure} calls both methods once per sampling period from its own thread, never from an
 * event loop. Implementations must be thread-safe, fast and non-blocking; a value outside {@code
 * [0, 1]} is clamped and {@code NaN} counts as 0 (no evidence of pressure).
 */
public interface MemoryGauge {

  /** Heap in use after the last garbage collection, as a fraction of the maximum heap. */
  double heapFraction();

  /** Off-heap (direct) buffer memory in use, as a fraction of the maximum direct memory. */
  double directFraction();

  /**
   * The real JVM: tenured-pool usage after the last collection (current heap usage if no pool
   * reports one) and Netty's direct-memory counter or the JDK's direct buffer pool, whichever is
   * larger.
   */
  static MemoryGauge jvm() {
    return JvmMemoryGauge.INSTANCE;
  }

  /** A gauge reading the two fractions from suppliers (tests, or an external resource monitor). */
  static MemoryGauge of(DoubleSupplier heap, DoubleSupplier direct) {
    Objects.requireNonNull(heap, "heap");
    Objects.requireNonNull(direct, "direct");
    return new MemoryGauge() {
      @Override
      public double heapFraction() {
        return heap.getAsDouble();
      }

      @Override
      public double directFraction() {
        return direct.getAsDouble();
      }

      @Override
      public String toString() {
        return "MemoryGauge.of(" + heap + ", " + direct + ")";
      }
    };
  }
}
