package dev.sluice.source.folder;

import java.time.Duration;

/**
 * How long and from which seed a fuzz test runs, from system properties so that CI can run longer
 * than {@code verify} does: {@code -Dsluice.fuzz.seconds=60} (time per fuzz target, default 5),
 * {@code -Dsluice.fuzz.seed=N} (base seed, default fixed) and {@code -Dsluice.fuzz.iterations=N}
 * (stop early, e.g. {@code 1} with the seed of a failure to replay it). Iteration {@code i} uses
 * the seed {@code base + i}, so every failure names the seed that reproduces it.
 *
 * @param time how long to keep generating inputs
 * @param seed the seed of the first iteration
 * @param iterations the most iterations to run
 */
record FuzzBudget(Duration time, long seed, long iterations) {

  static FuzzBudget fromSystemProperties() {
    return new FuzzBudget(
        Duration.ofMillis(
            (long) (Double.parseDouble(System.getProperty("sluice.fuzz.seconds", "5")) * 1000)),
        Long.getLong("sluice.fuzz.seed", 0x5101CEL),
        Long.getLong("sluice.fuzz.iterations", Long.MAX_VALUE));
  }
}
