package dev.sluice.proxy.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline (polling every 10 ms), for state owned by other threads.
 */
public final class Eventually {

  private Eventually() {}

  /** Returns once {@code condition} holds; fails with {@code what} after {@code timeout}. */
  public static void await(Duration timeout, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(10_000_000);
    }
  }
}
