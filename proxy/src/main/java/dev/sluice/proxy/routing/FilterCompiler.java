package dev.sluice.proxy.routing;

import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.Route;
import java.util.List;

/**
 * Turns a list of IR filter specs into whatever the data plane runs (a filter chain), once per
 * snapshot. Routing stays independent of the filter implementation through this type parameter.
 *
 * @param <F> the compiled form of a filter list; immutable and shareable across threads
 */
@FunctionalInterface
public interface FilterCompiler<F> {

  /**
   * Compiles {@code specs}, which belong to {@code route} at {@code field} (e.g. {@code filters} or
   * {@code backendRefs[1].filters}).
   *
   * @throws RouteCompileException when a spec is invalid for this route
   */
  F compile(Route route, List<HttpFilterSpec> specs, String field) throws RouteCompileException;
}
