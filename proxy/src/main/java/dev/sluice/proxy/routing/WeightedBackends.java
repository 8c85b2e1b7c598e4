package dev.sluice.proxy.routing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The backends of a route with cumulative weights. Immutable and thread-safe. A weight of 0 is
 * never chosen; when every weight is 0 (or there are no backends) {@link #choose} is empty, which
 * the data plane answers with 500.
 *
 * @param <F> the compiled filter form
 */
public final class WeightedBackends<F> {

  private final List<BackendChoice<F>> choices;
  private final int[] cumulative;
  private final int total;

  WeightedBackends(List<BackendChoice<F>> choices, List<Integer> weights) {
    this.choices = List.copyOf(choices);
    this.cumulative = new int[weights.size()];
    long sum = 0;
    for (int i = 0; i < weights.size(); i++) {
      sum += weights.get(i);
      cumulative[i] = (int) Math.min(sum, Integer.MAX_VALUE);
    }
    this.total = (int) Math.min(sum, Integer.MAX_VALUE);
  }

  /** Every backend with its filters, in IR order. */
  public List<BackendChoice<F>> all() {
    return choices;
  }

  /** The sum of the weights. */
  public int totalWeight() {
    return total;
  }

  /** Picks a backend at random in proportion to the weights; empty when the total weight is 0. */
  public Optional<BackendChoice<F>> choose() {
    return total == 0
        ? Optional.empty()
        : Optional.of(pick(ThreadLocalRandom.current().nextInt(total)));
  }

  /** The backend owning {@code ticket}, {@code 0 <= ticket < totalWeight()}. */
  BackendChoice<F> pick(int ticket) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > ticket) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return choices.get(low);
  }
}
