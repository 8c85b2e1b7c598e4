package dev.sluice.conformance.report;

import java.util.Set;

/**
 * One upstream test as this run saw it. Immutable.
 *
 * @param name the upstream test name
 * @param features the features it needs
 * @param provisional whether upstream marks it provisional
 * @param result what happened
 */
public record TestOutcome(String name, Set<String> features, boolean provisional, Result result) {

  /** PASSED / FAILED as run; NOT_RUN when excluded (tagged pending) or not reached. */
  public enum Result {
    PASSED,
    FAILED,
    NOT_RUN
  }

  public TestOutcome {
    features = Set.copyOf(features);
  }
}
