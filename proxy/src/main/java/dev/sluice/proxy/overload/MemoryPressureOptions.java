package dev.sluice.proxy.overload;

import java.time.Duration;
import java.util.Objects;

/**
 * When the proxy sheds load for lack of memory. Immutable.
 *
 * <p>Shedding starts when the heap or the direct-memory fraction reaches {@code enter} and stops
 * once both are below {@code leave}; the gap keeps the proxy from flapping around one threshold.
 *
 * @param enter fraction of the maximum at which shedding starts, in {@code (0, 1]}
 * @param leave fraction below which it stops, in {@code (0, enter)}
 * @param period how often the gauge is read
 * @param gauge what is read ({@link MemoryGauge#jvm()} outside tests)
 */
public record MemoryPressureOptions(
    double enter, double leave, Duration period, MemoryGauge gauge) {

  /** The default enter threshold: 90% of the heap (after GC) or of direct memory. */
  public static final double DEFAULT_ENTER = 0.90;

  /** The default leave threshold: 80%. */
  public static final double DEFAULT_LEAVE = 0.80;

  /** The default sampling period. */
  public static final Duration DEFAULT_PERIOD = Duration.ofMillis(250);

  public MemoryPressureOptions {
    if (!(enter > 0 && enter <= 1)) {
      throw new IllegalArgumentException("enter: " + enter + " (expected: > 0 and <= 1)");
    }
    if (!(leave > 0 && leave < enter)) {
      throw new IllegalArgumentException(
          "leave: " + leave + " (expected: > 0 and < enter, " + enter + ")");
    }
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
    }
    Objects.requireNonNull(gauge, "gauge");
  }

  /** 0.90 enter, 0.80 leave, every 250 ms, reading the real JVM. */
  public static MemoryPressureOptions defaults() {
    return new MemoryPressureOptions(
        DEFAULT_ENTER, DEFAULT_LEAVE, DEFAULT_PERIOD, MemoryGauge.jvm());
  }

  /** These thresholds and period with another gauge. */
  public MemoryPressureOptions withGauge(MemoryGauge other) {
    return new MemoryPressureOptions(enter, leave, period, other);
  }

  /** These thresholds and gauge with another period. */
  public MemoryPressureOptions withPeriod(Duration other) {
    return new MemoryPressureOptions(enter, leave, other, gauge);
  }
}
