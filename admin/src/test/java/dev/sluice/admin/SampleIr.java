package dev.sluice.admin;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.HeaderMatch;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.HttpHeader;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerKey;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.PathMatch;
import dev.sluice.ir.PathModifier;
import dev.sluice.ir.QueryParamMatch;
import dev.sluice.ir.Route;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.RouteMatch;
import dev.sluice.ir.ValueMatchKind;
import dev.sluice.ir.VirtualHost;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A hand-built IR with every filter, path modifier and backend variant. */
final class SampleIr {

  static final Backend.Service V1 =
      new Backend.Service("infra/infra-backend-v1:8080", List.of(new Endpoint("127.0.0.1", 3000)));
  static final Backend.Service MIRROR = new Backend.Service("infra/mirror:80", List.of());

  private SampleIr() {}

  static GatewayIr build() {
    List<HttpFilterSpec> filters =
        List.of(
            new HttpFilterSpec.RequestHeaderModifier(
                List.of(new HttpHeader("X-Set", "s")),
                List.of(new HttpHeader("X-Add", "a")),
                List.of("X-Remove")),
            new HttpFilterSpec.ResponseHeaderModifier(List.of(), List.of(), List.of("Server")),
            new HttpFilterSpec.RequestRedirect(
                Optional.of("https"),
                Optional.of("example.org"),
                Optional.of(new PathModifier.ReplaceFullPath("/new")),
                OptionalInt.of(8443),
                301),
            new HttpFilterSpec.RequestRedirect(
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), 302),
            new HttpFilterSpec.UrlRewrite(
                Optional.of("rewritten.example"),
                Optional.of(new PathModifier.ReplacePrefixMatch("/prefix"))),
            new HttpFilterSpec.RequestMirror(MIRROR, 1, 2));
    RouteMatch match =
        new RouteMatch(
            PathMatch.prefix("/app"),
            Optional.of("GET"),
            List.of(new HeaderMatch("version", ValueMatchKind.EXACT, "one")),
            List.of(new QueryParamMatch("q", ValueMatchKind.REGULAR_EXPRESSION, "a.*")));
    Route route =
        new Route(
            new RouteKey("HTTPRoute", "infra", "app", 0, Optional.of("rule-a"), 0),
            List.of("*.example.com"),
            match,
            filters,
            List.of(
                new BackendRef(V1, 70, List.of(filters.get(1))),
                new BackendRef(
                    new Backend.Invalid("service infra/missing not found"), 30, List.of())));
    Route bare =
        new Route(
            new RouteKey("HTTPRoute", "infra", "bare", 1, Optional.empty(), 2),
            List.of(),
            RouteMatch.ANY,
            List.of(),
            List.of());
    VirtualHost host =
        new VirtualHost(
            new ListenerKey("infra", "same-namespace", "http"),
            Optional.empty(),
            List.of(route, bare));
    return new GatewayIr(
        List.of(
            new Listener("0.0.0.0:8080", "0.0.0.0", 8080, ListenerProtocol.HTTP, List.of(host))));
  }
}
