package dev.sluice.proxy.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.proxy.overload.PressureState.Level;
import dev.sluice.proxy.testing.Eventually;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The thresholds of {@link MemoryPressure}, its schedule, and the real JVM gauge. */
class MemoryPressureHysteresisTest {

  private volatile double heap;
  private volatile double direct;

  private MemoryPressure monitor() {
    return new MemoryPressure(
        MemoryPressureOptions.defaults().withGauge(MemoryGauge.of(() -> heap, () -> direct)));
  }

  private PressureState at(MemoryPressure monitor, double heapFraction, double directFraction) {
    heap = heapFraction;
    direct = directFraction;
    return monitor.sample();
  }

  @Test
  void entersAtNinetyPercentAndLeavesOnlyBelowEighty() {
    MemoryPressure monitor = monitor();
    assertThat(monitor.state()).isEqualTo(PressureState.INITIAL);
    assertThat(at(monitor, 0.50, 0.10).level()).isEqualTo(Level.NORMAL);
    assertThat(at(monitor, 0.8999, 0.10).level()).isEqualTo(Level.NORMAL);

    PressureState entered = at(monitor, 0.93, 0.10);
    assertThat(entered.level()).isEqualTo(Level.SHEDDING);
    assertThat(entered.reason()).isEqualTo("heap 93% of max after GC, at or above 90%");
    assertThat(monitor.shedding()).isTrue();

    // Between the thresholds the state holds: no flapping around 90%.
    assertThat(at(monitor, 0.85, 0.10).level()).isEqualTo(Level.SHEDDING);
    assertThat(at(monitor, 0.80, 0.10).level()).isEqualTo(Level.SHEDDING);
    PressureState left = at(monitor, 0.79, 0.10);
    assertThat(left.level()).isEqualTo(Level.NORMAL);
    assertThat(left.reason()).contains("heap 79%", "below 80%");
    assertThat(monitor.shedding()).isFalse();
    assertThat(at(monitor, 0.85, 0.10).level()).isEqualTo(Level.NORMAL);
  }

  @Test
  void directMemoryAloneTriggersAndBothMustFallToLeave() {
    MemoryPressure monitor = monitor();
    PressureState entered = at(monitor, 0.20, 0.90);
    assertThat(entered.level()).isEqualTo(Level.SHEDDING);
    assertThat(entered.reason()).startsWith("direct memory 90% of max");
    // Direct relieved but the heap climbed past the leave threshold: still shedding.
    assertThat(at(monitor, 0.82, 0.10).level()).isEqualTo(Level.SHEDDING);
    assertThat(at(monitor, 0.70, 0.10).level()).isEqualTo(Level.NORMAL);
    PressureState both = at(monitor, 0.95, 0.97);
    assertThat(both.reason()).contains("heap 95%", "direct memory 97%");
  }

  @Test
  void outOfRangeReadingsAreClampedAndNanIsNoPressure() {
    MemoryPressure monitor = monitor();
    PressureState over = at(monitor, 1.7, -3);
    assertThat(over.heap()).isEqualTo(1.0);
    assertThat(over.direct()).isZero();
    assertThat(over.shedding()).isTrue();
    PressureState nan = at(monitor, Double.NaN, Double.NaN);
    assertThat(nan.heap()).isZero();
    assertThat(nan.shedding()).isFalse();
  }

  @Test
  void theRealJvmGaugeReadsSaneFractionsAndTheTestJvmIsNotShedding() {
    MemoryGauge jvm = MemoryGauge.jvm();
    assertThat(jvm.heapFraction()).isGreaterThan(0.0).isLessThan(1.0);
    assertThat(jvm.directFraction()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    assertThat(jvm.toString()).startsWith("MemoryGauge.jvm(collectors [");

    MemoryPressure monitor = new MemoryPressure(MemoryPressureOptions.defaults());
    PressureState state = monitor.sample();
    assertThat(state.level()).isEqualTo(Level.NORMAL);
    assertThat(state.heap()).isBetween(0.0, 1.0);
    assertThat(state.reason()).startsWith("heap ").contains("direct memory ");
  }

  @Test
  void samplesOnItsOwnScheduleAndSurvivesAFailingGauge() {
    AtomicInteger reads = new AtomicInteger();
    MemoryGauge flaky =
        MemoryGauge.of(
            () -> {
              if (reads.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("gauge broke on read " + reads.get());
              }
              return 0.95;
            },
            () -> 0.0);
    MemoryPressureOptions options =
        MemoryPressureOptions.defaults().withGauge(flaky).withPeriod(Duration.ofMillis(5));
    try (MemoryPressure monitor = new MemoryPressure(options).start()) {
      assertThat(monitor.shedding()).as("first reading taken by start()").isTrue();
      Eventually.await(Duration.ofSeconds(5), () -> reads.get() >= 6, "six gauge reads");
      assertThat(monitor.shedding()).isTrue();
    }
  }

  @Test
  void optionsRejectThresholdsThatCannotWork() {
    MemoryGauge gauge = MemoryGauge.jvm();
    Duration period = Duration.ofMillis(250);
    assertThatThrownBy(() -> new MemoryPressureOptions(0.8, 0.9, period, gauge))
        .hasMessage("leave: 0.9 (expected: > 0 and < enter, 0.8)");
    assertThatThrownBy(() -> new MemoryPressureOptions(1.5, 0.8, period, gauge))
        .hasMessage("enter: 1.5 (expected: > 0 and <= 1)");
    assertThatThrownBy(() -> new MemoryPressureOptions(0.9, 0.8, Duration.ZERO, gauge))
        .hasMessage("period: PT0S (expected: > 0)");
    MemoryPressureOptions defaults = MemoryPressureOptions.defaults();
    assertThat(defaults.enter()).isEqualTo(0.90);
    assertThat(defaults.leave()).isEqualTo(0.80);
    assertThat(defaults.period()).isEqualTo(Duration.ofMillis(250));
  }
}
