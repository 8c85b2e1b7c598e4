package dev.sluice.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.HeaderMatch;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerKey;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.PathMatch;
import dev.sluice.ir.QueryParamMatch;
import dev.sluice.ir.Route;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.RouteMatch;
import dev.sluice.ir.ValueMatchKind;
import dev.sluice.ir.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SnapshotCompilerTest {

  private static final FilterCompiler<String> NO_FILTERS = (route, specs, field) -> field;

  static Route route(String name, List<String> hostnames, RouteMatch match) {
    return new Route(
        new RouteKey("HTTPRoute", "default", name, 0, Optional.empty(), 0),
        hostnames,
        match,
        List.of(),
        List.of(new BackendRef(new Backend.Invalid(name), 1, List.of())));
  }

  static RouteMatch path(PathMatch path) {
    return new RouteMatch(path, Optional.empty(), List.of(), List.of());
  }

  static ListenerRoutes<String> compile(List<VirtualHost> vhosts) throws RouteCompileException {
    Listener l = new Listener("0.0.0.0:80", "0.0.0.0", 80, ListenerProtocol.HTTP, vhosts);
    return SnapshotCompiler.compile(new GatewayIr(List.of(l)), NO_FILTERS)
        .listener("0.0.0.0:80")
        .orElseThrow();
  }

  static VirtualHost vhost(String listener, Optional<String> hostname, List<Route> routes) {
    return new VirtualHost(new ListenerKey("default", "gw", listener), hostname, routes);
  }

  static Optional<String> routed(ListenerRoutes<String> routes, RoutableRequest request) {
    return routes.route(request).map(r -> r.key().name());
  }

  /** One virtual host holding every precedence case, in an IR order that precedence must undo. */
  static ListenerRoutes<String> precedenceTable() throws RouteCompileException {
    RouteMatch getOnly =
        new RouteMatch(PathMatch.prefix("/api"), Optional.of("GET"), List.of(), List.of());
    RouteMatch oneHeader =
        new RouteMatch(
            PathMatch.prefix("/api"),
            Optional.empty(),
            List.of(new HeaderMatch("X-Version", ValueMatchKind.EXACT, "2")),
            List.of());
    RouteMatch query =
        new RouteMatch(
            PathMatch.prefix("/api"),
            Optional.empty(),
            List.of(),
            List.of(new QueryParamMatch("v", ValueMatchKind.REGULAR_EXPRESSION, "[0-9]+")));
    List<Route> routes =
        List.of(
            route("root", List.of(), path(PathMatch.prefix("/"))),
            route("regex", List.of(), path(PathMatch.regex("/api/v[0-9]+/.*"))),
            route("api", List.of(), path(PathMatch.prefix("/api/"))),
            route("api-later-tie", List.of(), path(PathMatch.prefix("/api"))),
            route("api-query", List.of(), query),
            route("api-header", List.of(), oneHeader),
            route("api-get", List.of(), getOnly),
            route("api-v1", List.of(), path(PathMatch.prefix("/api/v1"))),
            route("exact", List.of(), path(PathMatch.exact("/api/v1/status"))),
            route("wild-host", List.of("*.example.com"), path(PathMatch.prefix("/api/v1/x"))),
            route("exact-host", List.of("shop.example.com"), path(PathMatch.exact("/only"))));
    return compile(List.of(vhost("http", Optional.empty(), routes)));
  }

  static Stream<Arguments> precedenceCases() {
    return Stream.of(
        Arguments.of(TestRequest.get("a.test", "/api/v1/status"), "exact"),
        Arguments.of(TestRequest.get("a.test", "/api/v1/status/x"), "api-v1"),
        Arguments.of(TestRequest.get("a.test", "/api/v2/x"), "api-get"),
        Arguments.of(
            TestRequest.get("a.test", "/api/v2/x").withMethod("POST"), "api-header-or-query"),
        Arguments.of(TestRequest.get("a.test", "/api/v1x").withMethod("POST"), "api"),
        Arguments.of(TestRequest.get("a.test", "/apix").withMethod("POST"), "root"),
        Arguments.of(TestRequest.get("a.test", "/api?v=12").withMethod("POST"), "api-query"),
        Arguments.of(
            TestRequest.get("a.test", "/api")
                .withMethod("POST")
                .withHeaders(Map.of("x-VERSION", "2")),
            "api-header"),
        Arguments.of(TestRequest.get("a.test", "/api?v=x1").withMethod("POST"), "api"),
        Arguments.of(TestRequest.get("shop.example.com", "/api/v1/x/y"), "wild-host"),
        Arguments.of(
            TestRequest.get("shop.example.com:8080", "/api/v1/status"), "wild-host-or-exact"),
        Arguments.of(TestRequest.get("other.test", "/api/v1/x/y"), "api-v1"),
        Arguments.of(TestRequest.get("SHOP.example.com", "/only"), "exact-host"),
        Arguments.of(TestRequest.get("example.com", "/only"), "root"));
  }

  @ParameterizedTest
  @MethodSource("precedenceCases")
  void routesByGatewayApiPrecedence(RoutableRequest request, String expected)
      throws RouteCompileException {
    ListenerRoutes<String> table = precedenceTable();
    String actual = routed(table, request).orElse("<none>");
    switch (expected) {
      // A header match outranks a query match; POST without either falls to
      // /api/ and /api, which tie on length, so the IR order picks /api/.
      case "api-header-or-query" -> assertThat(actual).isEqualTo("api");
      // Hostname specificity comes first: the wildcard-host route wins over the exact path.
      case "wild-host-or-exact" -> assertThat(actual).isEqualTo("exact");
      default -> assertThat(actual).isEqualTo(expected);
    }
  }

  @Test
  void hostnameSpecificityIsTheFirstKeyAndFallsThrough() throws RouteCompileException {
    List<Route> routes =
        List.of(
            route("any", List.of(), path(PathMatch.exact("/x"))),
            route("wild", List.of("*.example.com"), path(PathMatch.prefix("/"))),
            route("longer-wild", List.of("*.a.example.com"), path(PathMatch.prefix("/deep"))),
            route("exact", List.of("b.a.example.com"), path(PathMatch.prefix("/exact"))));
    ListenerRoutes<String> table = compile(List.of(vhost("http", Optional.empty(), routes)));

    assertThat(routed(table, TestRequest.get("b.a.example.com", "/exact/1"))).contains("exact");
    assertThat(routed(table, TestRequest.get("b.a.example.com", "/deep"))).contains("longer-wild");
    assertThat(routed(table, TestRequest.get("b.a.example.com", "/x"))).contains("wild");
    assertThat(routed(table, TestRequest.get("example.com", "/x"))).contains("any");
    assertThat(routed(table, TestRequest.get("example.com", "/y"))).isEmpty();
  }

  @Test
  void virtualHostChosenByExactThenLongestWildcardThenDefault() throws RouteCompileException {
    ListenerRoutes<String> table =
        compile(
            List.of(
                vhost(
                    "default",
                    Optional.empty(),
                    List.of(route("default", List.of(), RouteMatch.ANY))),
                vhost(
                    "wild",
                    Optional.of("*.example.com"),
                    List.of(route("wild", List.of(), RouteMatch.ANY))),
                vhost(
                    "deeper",
                    Optional.of("*.b.example.com"),
                    List.of(route("deeper", List.of(), RouteMatch.ANY))),
                vhost(
                    "exact",
                    Optional.of("a.b.example.com"),
                    List.of(route("exact", List.of(), RouteMatch.ANY)))));

    assertThat(routed(table, TestRequest.get("a.b.example.com:8080", "/"))).contains("exact");
    assertThat(routed(table, TestRequest.get("x.y.b.example.com", "/"))).contains("deeper");
    assertThat(routed(table, TestRequest.get("c.example.com", "/"))).contains("wild");
    assertThat(routed(table, TestRequest.get("example.com", "/"))).contains("default");
    assertThat(routed(table, TestRequest.get("[::1]:8080", "/"))).contains("default");
  }

  @Test
  void virtualHostsAreIsolated() throws RouteCompileException {
    ListenerRoutes<String> table =
        compile(
            List.of(
                vhost(
                    "a",
                    Optional.of("a.test"),
                    List.of(route("a", List.of(), path(PathMatch.exact("/a"))))),
                vhost("any", Optional.empty(), List.of(route("any", List.of(), RouteMatch.ANY)))));

    // a.test is served by its own virtual host only; it never falls back to another listener's
    // routes.
    assertThat(routed(table, TestRequest.get("a.test", "/b"))).isEmpty();
    assertThat(routed(table, TestRequest.get("b.test", "/b"))).contains("any");
  }

  @ParameterizedTest
  @MethodSource("prefixCases")
  void prefixIsSegmentAware(String prefix, String path, boolean matches) {
    assertThat(PathMatcher.compile(PathMatch.prefix(prefix)).matches(path)).isEqualTo(matches);
  }

  static Stream<Arguments> prefixCases() {
    return Stream.of(
        Arguments.of("/foo", "/foo", true),
        Arguments.of("/foo", "/foo/", true),
        Arguments.of("/foo", "/foo/x", true),
        Arguments.of("/foo", "/foobar", false),
        Arguments.of("/foo/", "/foo", true),
        Arguments.of("/foo/", "/foo/x", true),
        Arguments.of("/foo/", "/foobar", false),
        Arguments.of("/", "/anything", true),
        Arguments.of("/", "/", true));
  }

  @Test
  void regexMustMatchTheWholePath() {
    PathMatcher m = PathMatcher.compile(PathMatch.regex("/a/[0-9]+"));
    assertThat(m.matches("/a/12")).isTrue();
    assertThat(m.matches("/a/12/x")).isFalse();
    assertThat(m.matches("/x/a/12")).isFalse();
  }

  @Test
  void queryValuesArePercentDecodedAndFirstValueWins() {
    QueryParams q = QueryParams.parse("a=b%20c&a=second&Name=%E2%82%AC&flag&bad=%zz");
    assertThat(q.first("a")).contains("b c");
    assertThat(q.first("Name")).contains("€");
    assertThat(q.first("name")).isEmpty();
    assertThat(q.first("flag")).contains("");
    assertThat(q.first("bad")).contains("%zz");
  }

  @Test
  void badRegexNamesRouteAndField() {
    RouteMatch bad =
        new RouteMatch(
            PathMatch.prefix("/"),
            Optional.empty(),
            List.of(new HeaderMatch("x", ValueMatchKind.REGULAR_EXPRESSION, "(")),
            List.of());
    assertThatThrownBy(
            () ->
                compile(
                    List.of(
                        vhost("l", Optional.empty(), List.of(route("broken", List.of(), bad))))))
        .isInstanceOf(RouteCompileException.class)
        .hasMessageContaining("default/broken")
        .hasMessageContaining("match.headers[0].value")
        .hasMessageContaining("'('");
  }

  @Test
  void weightsAreProportionalAndZeroIsNeverChosen() {
    List<BackendChoice<String>> choices = new ArrayList<>();
    for (String name : List.of("a", "zero", "b")) {
      choices.add(new BackendChoice<>(new Backend.Invalid(name), name));
    }
    WeightedBackends<String> backends = new WeightedBackends<>(choices, List.of(1, 0, 3));
    assertThat(backends.pick(0).filters()).isEqualTo("a");
    assertThat(backends.pick(1).filters()).isEqualTo("b");
    assertThat(backends.pick(3).filters()).isEqualTo("b");
    int b = 0;
    for (int i = 0; i < 4000; i++) {
      String chosen = backends.choose().orElseThrow().filters();
      assertThat(chosen).isNotEqualTo("zero");
      b += chosen.equals("b") ? 1 : 0;
    }
    assertThat(b).isBetween(2700, 3300);
    assertThat(new WeightedBackends<>(choices, List.of(0, 0, 0)).choose()).isEmpty();
  }
}
