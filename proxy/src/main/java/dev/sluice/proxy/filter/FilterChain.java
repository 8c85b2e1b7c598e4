package dev.sluice.proxy.filter;

import java.util.List;

/**
 * The compiled filters of one route rule or one backend, in execution order. Immutable and
 * thread-safe; part of a snapshot.
 *
 * @param factories one factory per configured filter
 */
public record FilterChain(List<FilterFactory> factories) {

  public static final FilterChain EMPTY = new FilterChain(List.of());

  public FilterChain {
    factories = List.copyOf(factories);
  }

  /** Adds a fresh instance of every filter to {@code out}. */
  public void instantiate(List<HttpFilter> out) {
    for (FilterFactory factory : factories) {
      out.add(factory.newFilter());
    }
  }
}
