package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.service;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ir.BackendRef;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.HttpFilterSpec.RequestRedirect;
import dev.sluice.ir.HttpHeader;
import dev.sluice.ir.PathModifier;
import dev.sluice.proxy.testing.Await;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.TestOrigin;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProxyFiltersTest extends ProxyTestBase {

  @Test
  void headerModifiersSetAddAndRemove() throws IOException {
    int port = freePort();
    var request =
        new HttpFilterSpec.RequestHeaderModifier(
            List.of(new HttpHeader("X-Set", "new")),
            List.of(new HttpHeader("x-add", "two")),
            List.of("X-Drop"));
    var response =
        new HttpFilterSpec.ResponseHeaderModifier(
            List.of(new HttpHeader("X-Origin", "replaced")),
            List.of(new HttpHeader("X-Added", "yes")),
            List.of("x-remove-me"));
    apply(
        gateway(
            listener(
                port,
                anyHost(route("r", prefix("/"), List.of(request, response), List.of(to(a)))))));

    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "GET / HTTP/1.1\r\nHost: h\r\nx-set: old\r\nX-Add: one\r\nx-drop: gone\r\n\r\n");
      assertThat(r.header("x-origin")).isEqualTo("replaced");
      assertThat(r.header("x-added")).isEqualTo("yes");
      assertThat(r.headers()).doesNotContainKey("x-remove-me");
    }
    var seen = a.requests().getFirst().headers();
    assertThat(seen.getAll("x-set")).containsExactly("new");
    assertThat(seen.getAll("x-add")).containsExactly("one", "two");
    assertThat(seen.contains("x-drop")).isFalse();
  }

  @Test
  void redirectLocationsFollowGatewayApiRules() throws IOException {
    int port = freePort();
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    redirect(
                        "/https",
                        new RequestRedirect(
                            Optional.of("https"),
                            Optional.empty(),
                            Optional.empty(),
                            OptionalInt.empty(),
                            301)),
                    redirect(
                        "/host",
                        new RequestRedirect(
                            Optional.empty(),
                            Optional.of("other.test"),
                            Optional.empty(),
                            OptionalInt.empty(),
                            302)),
                    redirect(
                        "/port",
                        new RequestRedirect(
                            Optional.of("http"),
                            Optional.empty(),
                            Optional.empty(),
                            OptionalInt.of(8080),
                            302)),
                    redirect(
                        "/p80",
                        new RequestRedirect(
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            OptionalInt.of(80),
                            307)),
                    redirect(
                        "/full",
                        new RequestRedirect(
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of(new PathModifier.ReplaceFullPath("/new")),
                            OptionalInt.empty(),
                            308)),
                    redirect(
                        "/pre",
                        new RequestRedirect(
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of(new PathModifier.ReplacePrefixMatch("/moved")),
                            OptionalInt.empty(),
                            302))))));

    assertThat(location(port, "/https/x?q=1")).isEqualTo("https://web.test/https/x?q=1");
    assertThat(location(port, "/host")).isEqualTo("http://other.test:" + port + "/host");
    assertThat(location(port, "/port")).isEqualTo("http://web.test:8080/port");
    assertThat(location(port, "/p80/y")).isEqualTo("http://web.test/p80/y");
    assertThat(location(port, "/full/a?k=v")).isEqualTo("http://web.test:" + port + "/new?k=v");
    assertThat(location(port, "/pre/a/b")).isEqualTo("http://web.test:" + port + "/moved/a/b");
    assertThat(get(port, "web.test:" + port, "/https").status()).isEqualTo(301);
    assertThat(a.requests()).isEmpty();
  }

  private static dev.sluice.ir.Route redirect(String path, RequestRedirect spec) {
    return route(path, prefix(path), List.of(spec), List.of());
  }

  private static String location(int port, String target) throws IOException {
    return get(port, "web.test:" + port, target).header("location");
  }

  @Test
  void urlRewriteReplacesPrefixPathAndHost() throws IOException {
    int port = freePort();
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    route(
                        "new",
                        prefix("/prefix"),
                        List.of(
                            new HttpFilterSpec.UrlRewrite(
                                Optional.of("rewritten.test"),
                                Optional.of(new PathModifier.ReplacePrefixMatch("/new")))),
                        List.of(to(a))),
                    route(
                        "root",
                        prefix("/strip/"),
                        List.of(
                            new HttpFilterSpec.UrlRewrite(
                                Optional.empty(),
                                Optional.of(new PathModifier.ReplacePrefixMatch("/")))),
                        List.of(to(a))),
                    route(
                        "full",
                        prefix("/full"),
                        List.of(
                            new HttpFilterSpec.UrlRewrite(
                                Optional.empty(),
                                Optional.of(new PathModifier.ReplaceFullPath("/replaced")))),
                        List.of(to(a)))))));

    assertThat(get(port, "h", "/prefix/x?q=1").body()).isEqualTo("a GET /new/x?q=1");
    assertThat(a.requests().getLast().headers().get("host")).isEqualTo("rewritten.test");
    assertThat(get(port, "h", "/prefix").body()).isEqualTo("a GET /new");
    assertThat(get(port, "h", "/strip/x/y").body()).isEqualTo("a GET /x/y");
    assertThat(get(port, "h", "/strip").body()).isEqualTo("a GET /");
    assertThat(get(port, "h", "/full/deep?z").body()).isEqualTo("a GET /replaced?z");
    assertThat(a.requests().getLast().headers().get("host")).isEqualTo("h");
  }

  @Test
  void mirrorReceivesHeadAndBodyAndNeverAffectsTheMainResponse() throws Exception {
    int port = freePort();
    var mirror = new HttpFilterSpec.RequestMirror(service(b), 1, 1);
    var deadMirror =
        new HttpFilterSpec.RequestMirror(
            new dev.sluice.ir.Backend.Service(
                "dead", List.of(new dev.sluice.ir.Endpoint("127.0.0.1", freePort()))),
            1,
            1);
    apply(
        gateway(
            listener(
                port,
                anyHost(route("m", prefix("/"), List.of(mirror, deadMirror), List.of(to(a)))))));

    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange("POST /m?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world");
      assertThat(r.body()).isEqualTo("a POST /m?x=1");
    }
    Await.until(Duration.ofSeconds(5), () -> !b.requests().isEmpty());
    TestOrigin.Recorded copy = b.requests().getFirst();
    assertThat(copy.method()).isEqualTo("POST");
    assertThat(copy.uri()).isEqualTo("/m?x=1");
    assertThat(copy.bodyPrefix()).isEqualTo("hello world");
    assertThat(a.requests()).hasSize(1);
  }

  @Test
  void backendFiltersRunAfterRuleFilters() throws IOException {
    int port = freePort();
    var rule =
        new HttpFilterSpec.RequestHeaderModifier(
            List.of(new HttpHeader("x-layer", "rule")), List.of(), List.of());
    var backend =
        new HttpFilterSpec.RequestHeaderModifier(
            List.of(new HttpHeader("x-layer", "backend")), List.of(), List.of());
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    route(
                        "r",
                        prefix("/"),
                        List.of(rule),
                        List.of(new BackendRef(service(a), 1, List.of(backend))))))));

    get(port, "h", "/");
    assertThat(a.requests().getFirst().headers().get("x-layer")).isEqualTo("backend");
  }

  @Test
  void invalidFilterValuesAreRejectedAtCompileTimeAndNothingChanges() throws IOException {
    int port = freePort();
    apply(gateway(listener(port, anyHost(route("ok", prefix("/"), List.of(), List.of(to(a)))))));
    var bad =
        new HttpFilterSpec.RequestHeaderModifier(
            List.of(new HttpHeader("x-bad", "a\r\nInjected: 1")), List.of(), List.of());

    assertThatThrownBy(
            () ->
                proxy.apply(
                    gateway(
                        listener(
                            port,
                            anyHost(route("bad", prefix("/"), List.of(bad), List.of(to(a))))))))
        .isInstanceOf(SnapshotCompileException.class)
        .hasMessageContaining("default/bad")
        .hasMessageContaining("filters[0].set[0].value");
    assertThat(get(port, "h", "/still").body()).isEqualTo("a GET /still");
  }
}
