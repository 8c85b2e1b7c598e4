package dev.sluice.proxy.routing;

import static dev.sluice.proxy.routing.SnapshotCompilerTest.compile;
import static dev.sluice.proxy.routing.SnapshotCompilerTest.route;
import static dev.sluice.proxy.routing.SnapshotCompilerTest.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.HeaderMatch;
import dev.sluice.ir.PathMatch;
import dev.sluice.ir.Route;
import dev.sluice.ir.RouteMatch;
import dev.sluice.ir.ValueMatchKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The path index picks exactly the route a linear scan in precedence order would pick. */
class RouteIndexTest {

  private static RouteMatch match(PathMatch path, Optional<String> method, boolean header) {
    List<HeaderMatch> headers =
        header ? List.of(new HeaderMatch("x-pick", ValueMatchKind.EXACT, "1")) : List.of();
    return new RouteMatch(path, method, headers, List.of());
  }

  private static List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    List<PathMatch> paths =
        List.of(
            PathMatch.prefix("/"),
            PathMatch.exact("/a"),
            PathMatch.exact("/a/b"),
            PathMatch.prefix("/a"),
            PathMatch.prefix("/a/"),
            PathMatch.prefix("/ab"),
            PathMatch.prefix("/a/b/c"),
            PathMatch.prefix("/a//b"),
            PathMatch.regex("/a/.*"),
            PathMatch.regex(".*"));
    int n = 0;
    for (PathMatch path : paths) {
      routes.add(route("r" + n++, List.of(), match(path, Optional.of("POST"), false)));
      routes.add(route("r" + n++, List.of(), match(path, Optional.empty(), true)));
      routes.add(route("r" + n++, List.of(), match(path, Optional.empty(), false)));
    }
    // Reversed so that the compiler's sort, not the input order, decides.
    return routes.reversed();
  }

  private static Optional<String> linear(List<Route> routes, TestRequest request)
      throws RouteCompileException {
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort((a, b) -> RoutePrecedence.MOST_SPECIFIC_FIRST.compare(a.match(), b.match()));
    for (Route r : sorted) {
      if (RouteMatcher.compile(r.key(), r.match()).matches(request)) {
        return Optional.of(r.key().name());
      }
    }
    return Optional.empty();
  }

  @Test
  void indexAgreesWithLinearScanOnSegmentBoundaries() throws RouteCompileException {
    List<Route> routes = routes();
    ListenerRoutes<String> compiled = compile(List.of(vhost("http", Optional.empty(), routes)));
    List<String> paths =
        List.of(
            "/",
            "",
            "*",
            "/a",
            "/a/",
            "/ab",
            "/abc",
            "/ab/",
            "/a/b",
            "/a/b/",
            "/a/b/c",
            "/a/b/cd",
            "/a/b/c/d",
            "/a//b",
            "/a//b/x",
            "/a//bx",
            "/x",
            "//",
            "/A");
    int checked = 0;
    for (String path : paths) {
      for (String method : List.of("GET", "POST")) {
        for (Map<String, String> headers :
            List.of(Map.<String, String>of(), Map.of("x-pick", "1"))) {
          TestRequest request = new TestRequest("example.com", method, path, "", headers);
          assertThat(compiled.route(request).map(r -> r.key().name()))
              .as("%s %s %s", method, path, headers)
              .isEqualTo(linear(routes, request));
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(paths.size() * 4);
  }

  @Test
  void tenThousandExactAndPrefixRoutesFindTheirOwn() throws RouteCompileException {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      routes.add(route("e" + i, List.of(), SnapshotCompilerTest.path(PathMatch.exact("/e/" + i))));
      routes.add(route("p" + i, List.of(), SnapshotCompilerTest.path(PathMatch.prefix("/p/" + i))));
    }
    routes.add(route("all", List.of(), SnapshotCompilerTest.path(PathMatch.prefix("/"))));
    ListenerRoutes<String> compiled = compile(List.of(vhost("http", Optional.empty(), routes)));
    assertThat(compiled.route(TestRequest.get("h", "/e/4321")).map(r -> r.key().name()))
        .contains("e4321");
    assertThat(compiled.route(TestRequest.get("h", "/e/4321/x")).map(r -> r.key().name()))
        .contains("all");
    assertThat(compiled.route(TestRequest.get("h", "/p/17/deeper")).map(r -> r.key().name()))
        .contains("p17");
    assertThat(compiled.route(TestRequest.get("h", "/p/170")).map(r -> r.key().name()))
        .contains("p170");
    assertThat(compiled.route(TestRequest.get("h", "/p/1700x")).map(r -> r.key().name()))
        .contains("all");
  }
}
