package dev.sluice.proxy.routing;

import dev.sluice.ir.PathMatch;
import dev.sluice.ir.RouteMatch;
import java.util.Comparator;

/**
 * The Gateway API match precedence among routes of the same hostname specificity: Exact path, then
 * PathPrefix by length (longest first), then RegularExpression; then a method condition; then more
 * header conditions; then more query conditions. Callers sort with a stable sort so that the IR
 * order (oldest route first) breaks the remaining ties.
 */
final class RoutePrecedence {

  /** Orders more specific matches first. */
  static final Comparator<RouteMatch> MOST_SPECIFIC_FIRST =
      Comparator.comparingInt(RoutePrecedence::pathRank)
          .thenComparing(Comparator.comparingInt(RoutePrecedence::prefixLength).reversed())
          .thenComparingInt(m -> m.method().isPresent() ? 0 : 1)
          .thenComparing(Comparator.comparingInt((RouteMatch m) -> m.headers().size()).reversed())
          .thenComparing(
              Comparator.comparingInt((RouteMatch m) -> m.queryParams().size()).reversed());

  private RoutePrecedence() {}

  private static int pathRank(RouteMatch match) {
    return switch (match.path().kind()) {
      case EXACT -> 0;
      case PREFIX -> 1;
      case REGULAR_EXPRESSION -> 2;
    };
  }

  /** The prefix length without trailing slashes, so {@code /foo/} and {@code /foo} tie. */
  private static int prefixLength(RouteMatch match) {
    PathMatch path = match.path();
    return path.kind() == PathMatch.Kind.PREFIX
        ? PathMatcher.normalizePrefix(path.value()).length()
        : 0;
  }
}
