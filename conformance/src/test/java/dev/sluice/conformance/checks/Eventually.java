package dev.sluice.conformance.checks;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The suite's {@code AwaitConvergence} (§5.3): repeat an attempt until it passes {@link
 * #REQUIRED_SUCCESSES} times in a row; a failure resets the count and waits {@link #POLL}. Fails
 * after {@link #MAX_TIME_TO_CONSISTENCY}, naming the last mismatch. Stateless.
 */
public final class Eventually {

  public static final int REQUIRED_SUCCESSES = 3;
  public static final Duration MAX_TIME_TO_CONSISTENCY = Duration.ofSeconds(30);
  public static final Duration POLL = Duration.ofMillis(100);

  private Eventually() {}

  /**
   * @param attempt returns empty on success, or why it failed
   */
  public static void consistent(String what, Supplier<Optional<String>> attempt) {
    consistent(what, REQUIRED_SUCCESSES, MAX_TIME_TO_CONSISTENCY, attempt);
  }

  public static void consistent(
      String what, int successes, Duration timeout, Supplier<Optional<String>> attempt) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int inARow = 0;
    String last = "no attempt made";
    while (inARow < successes) {
      Optional<String> failure = attempt.get();
      if (failure.isEmpty()) {
        inARow++;
        continue;
      }
      inARow = 0;
      last = failure.get();
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            what + ": not consistent after " + timeout.toSeconds() + "s; last: " + last);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }
}
