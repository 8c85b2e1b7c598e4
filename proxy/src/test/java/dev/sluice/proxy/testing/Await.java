package dev.sluice.proxy.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline (polling, never a fixed sleep). */
public final class Await {

  private Await() {}

  public static void until(Duration timeout, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within " + timeout);
      }
      LockSupport.parkNanos(5_000_000);
    }
  }
}
