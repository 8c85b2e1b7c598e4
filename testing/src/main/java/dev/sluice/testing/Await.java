package dev.sluice.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a timeout; tests use it instead of sleeping. Stateless. */
public final class Await {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private Await() {}

  /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = 1;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      parkMillis(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 50);
    }
  }

  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT_TIMEOUT, condition);
  }

  /**
   * Evaluates {@code probe} until it returns without throwing an {@link AssertionError} (so AssertJ
   * assertions can be the condition) and returns its value.
   */
  public static <T> T untilAsserted(String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
    long pauseMillis = 1;
    while (true) {
      try {
        return probe.get();
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out waiting for " + what + ": " + e.getMessage(), e);
        }
      }
      parkMillis(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 50);
    }
  }

  private static void parkMillis(long millis) {
    java.util.concurrent.locks.LockSupport.parkNanos(millis * 1_000_000);
  }
}
