package dev.sluice.proxy.filter;

/**
 * Creates the per-request instance of one configured filter. Built once per snapshot from an IR
 * filter spec; immutable and thread-safe. Stateless filters may return the same instance every
 * time.
 */
@FunctionalInterface
public interface FilterFactory {

  HttpFilter newFilter();
}
