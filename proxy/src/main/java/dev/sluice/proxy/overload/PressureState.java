package dev.sluice.proxy.overload;

import java.util.Objects;

/**
 * One reading of {@link MemoryPressure}: whether the proxy sheds load, the fractions it was decided
 * on, and why in words. Immutable.
 *
 * @param level {@link Level#SHEDDING} while new requests are refused
 * @param heap heap in use after the last GC, as a fraction of the maximum (clamped to [0, 1])
 * @param direct direct memory in use, as a fraction of the maximum (clamped to [0, 1])
 * @param reason for the log and operators, e.g. {@code heap 93% of max after GC (enter at 90%)}
 */
public record PressureState(Level level, double heap, double direct, String reason) {

  /** Whether the proxy serves or sheds. */
  public enum Level {
    NORMAL,
    SHEDDING
  }

  /** Before the first reading. */
  public static final PressureState INITIAL =
      new PressureState(Level.NORMAL, 0, 0, "not sampled yet");

  public PressureState {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(reason, "reason");
  }

  public boolean shedding() {
    return level == Level.SHEDDING;
  }
}
