package dev.sluice.proxy.overload;

import dev.sluice.proxy.overload.PressureState.Level;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load shedding under memory pressure (reliability-security.md §4 E6), a small cousin of Envoy's
 * overload manager: every {@link MemoryPressureOptions#period()} a daemon thread reads the {@link
 * MemoryGauge} and publishes a {@link PressureState}. Shedding starts when the heap or the
 * direct-memory fraction reaches the enter threshold and stops once both are below the leave
 * threshold. While shedding, the data plane answers new requests with 503 and keeps no connection
 * alive; requests in flight continue. Entering is logged once at WARN, leaving once at INFO.
 *
 * <p>Thread-safe. {@link #shedding()} and {@link #state()} are one volatile read each, cheap enough
 * for every request on an event loop; {@link #sample()}, {@link #start()} and {@link #close()} are
 * serialised on this object and never run on an event loop.
 */
public final class MemoryPressure implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MemoryPressure.class);

  private final MemoryPressureOptions options;
  private volatile PressureState state = PressureState.INITIAL;
  private ScheduledExecutorService sampler; // guarded by this
  private boolean gaugeFailing; // guarded by this: a failing gauge is logged once per streak

  public MemoryPressure(MemoryPressureOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Takes a first reading now, then one every period on a daemon thread ({@code
   * sluice-memory-pressure}). Idempotent.
   *
   * @return this
   */
  public synchronized MemoryPressure start() {
    if (sampler == null) {
      sampleQuietly();
      sampler =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().daemon().name("sluice-memory-pressure").unstarted(r));
      long nanos = options.period().toNanos();
      sampler.scheduleAtFixedRate(this::sampleQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
    }
    return this;
  }

  /** Whether new requests are refused right now (one volatile read). */
  public boolean shedding() {
    return state.level() == Level.SHEDDING;
  }

  /** The latest reading (one volatile read). */
  public PressureState state() {
    return state;
  }

  /** The thresholds, period and gauge in use. */
  public MemoryPressureOptions options() {
    return options;
  }

  /**
   * Reads the gauge once, applies the thresholds, publishes and returns the new state. The
   * scheduled sampling calls this; tests may call it directly.
   *
   * @throws RuntimeException whatever the gauge threw; the state is then unchanged
   */
  public synchronized PressureState sample() {
    double heap = clamp(options.gauge().heapFraction());
    double direct = clamp(options.gauge().directFraction());
    PressureState previous = state;
    PressureState next = decide(previous.shedding(), heap, direct);
    state = next;
    if (next.shedding() && !previous.shedding()) {
      log.warn(
          "memory pressure: shedding load ({}): new requests get 503, no connection is kept alive",
          next.reason());
    } else if (!next.shedding() && previous.shedding()) {
      log.info("memory pressure relieved ({}): serving again", next.reason());
    }
    return next;
  }

  private PressureState decide(boolean wasShedding, double heap, double direct) {
    double enter = options.enter();
    double leave = options.leave();
    if (!wasShedding) {
      if (heap >= enter || direct >= enter) {
        return new PressureState(Level.SHEDDING, heap, direct, over(heap, direct, enter));
      }
      return new PressureState(Level.NORMAL, heap, direct, levels(heap, direct));
    }
    if (heap < leave && direct < leave) {
      return new PressureState(
          Level.NORMAL, heap, direct, levels(heap, direct) + ", below " + percent(leave));
    }
    return new PressureState(Level.SHEDDING, heap, direct, over(heap, direct, leave));
  }

  /** Names the fraction(s) at or above {@code threshold}. */
  private static String over(double heap, double direct, double threshold) {
    StringBuilder why = new StringBuilder();
    if (heap >= threshold) {
      why.append("heap ").append(percent(heap)).append(" of max after GC");
    }
    if (direct >= threshold) {
      why.append(why.isEmpty() ? "" : ", ").append("direct memory ").append(percent(direct));
      why.append(" of max");
    }
    return why.append(", at or above ").append(percent(threshold)).toString();
  }

  private static String levels(double heap, double direct) {
    return "heap " + percent(heap) + " after GC, direct memory " + percent(direct);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  /** Out-of-range readings are clamped; NaN is no evidence of pressure. */
  private static double clamp(double fraction) {
    return Double.isNaN(fraction) ? 0 : Math.min(1, Math.max(0, fraction));
  }

  /** The scheduled reading: a failing gauge must not stop the schedule. */
  private synchronized void sampleQuietly() {
    try {
      sample();
      gaugeFailing = false;
    } catch (RuntimeException e) {
      if (!gaugeFailing) {
        log.warn("memory gauge {} failed; keeping state {}", options.gauge(), state.level(), e);
      }
      gaugeFailing = true;
    }
  }

  /** Stops sampling; the last state stays readable. Idempotent. */
  @Override
  public synchronized void close() {
    if (sampler != null) {
      sampler.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "MemoryPressure" + state;
  }
}
