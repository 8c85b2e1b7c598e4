package dev.sluice.proxy.routing;

import dev.sluice.ir.PathMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The routes of one hostname group, indexed by path so that a request is only tried against routes
 * whose path condition can match it. Immutable and thread-safe.
 *
 * <p>Precedence is preserved without re-sorting: in the precedence order every Exact route comes
 * before every PathPrefix route, which come before every RegularExpression route, and prefixes are
 * ordered longest first. So trying the Exact routes for the request path (in their sorted order),
 * then the prefix buckets from the longest matching prefix to the shortest (each in sorted order),
 * then the expressions, visits the candidates in exactly the order of a linear scan.
 *
 * @param <F> the compiled filter form
 */
final class RouteIndex<F> {

  private final Map<String, CompiledRoute<F>[]> exact;
  private final Map<String, CompiledRoute<F>[]> prefixes;

  /** The distinct lengths of the normalised prefixes, longest first. */
  private final int[] prefixLengths;

  private final CompiledRoute<F>[] regex;

  private RouteIndex(
      Map<String, CompiledRoute<F>[]> exact,
      Map<String, CompiledRoute<F>[]> prefixes,
      int[] prefixLengths,
      CompiledRoute<F>[] regex) {
    this.exact = exact;
    this.prefixes = prefixes;
    this.prefixLengths = prefixLengths;
    this.regex = regex;
  }

  /** Indexes {@code sorted}, which is in precedence order. */
  static <F> RouteIndex<F> of(List<CompiledRoute<F>> sorted) {
    Map<String, List<CompiledRoute<F>>> exact = new HashMap<>();
    Map<String, List<CompiledRoute<F>>> prefixes = new HashMap<>();
    TreeSet<Integer> lengths = new TreeSet<>();
    List<CompiledRoute<F>> regex = new ArrayList<>();
    for (CompiledRoute<F> route : sorted) {
      PathMatcher path = route.path();
      if (path.kind() == PathMatch.Kind.EXACT) {
        exact.computeIfAbsent(path.value(), k -> new ArrayList<>()).add(route);
      } else if (path.kind() == PathMatch.Kind.PREFIX) {
        prefixes.computeIfAbsent(path.value(), k -> new ArrayList<>()).add(route);
        lengths.add(path.value().length());
      } else {
        regex.add(route);
      }
    }
    return new RouteIndex<>(
        toArrays(exact),
        toArrays(prefixes),
        lengths.descendingSet().stream().mapToInt(Integer::intValue).toArray(),
        toArray(regex));
  }

  /** The first route in precedence order whose conditions match {@code request}, or null. */
  CompiledRoute<F> firstMatch(RoutableRequest request) {
    String path = request.path();
    CompiledRoute<F> found = firstIn(exact.get(path), request);
    for (int i = 0; found == null && i < prefixLengths.length; i++) {
      int length = prefixLengths[i];
      if (length <= path.length() && (length == path.length() || path.charAt(length) == '/')) {
        found = firstIn(prefixes.get(path.substring(0, length)), request);
      }
    }
    return found == null ? firstIn(regex, request) : found;
  }

  private static <F> CompiledRoute<F> firstIn(CompiledRoute<F>[] routes, RoutableRequest request) {
    if (routes != null) {
      for (CompiledRoute<F> route : routes) {
        if (route.matches(request)) {
          return route;
        }
      }
    }
    return null;
  }

  private static <F> Map<String, CompiledRoute<F>[]> toArrays(
      Map<String, List<CompiledRoute<F>>> lists) {
    Map<String, CompiledRoute<F>[]> arrays = HashMap.newHashMap(lists.size());
    lists.forEach((key, routes) -> arrays.put(key, toArray(routes)));
    return arrays;
  }

  @SuppressWarnings("unchecked")
  private static <F> CompiledRoute<F>[] toArray(List<CompiledRoute<F>> routes) {
    return routes.toArray(new CompiledRoute[0]);
  }
}
