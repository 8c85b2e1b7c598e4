package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.HttpHeader;
import dev.sluice.ir.PathModifier;
import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * B3 of reliability-security.md §4, data-plane side: a filter value carrying CR, LF or NUL (raw, or
 * percent-encoded in a path a backend would decode) never enters a snapshot, so it can never be
 * encoded on the wire. The translator rejects these first (route status); this is the second line,
 * for an IR that did not come through it. The previous snapshot keeps serving.
 */
class ConfigInjectionTest extends HostileTestBase {

  static Stream<Arguments> hostileFilters() {
    return Stream.of(
        Arguments.of(requestSet("a\r\nInjected: 1"), "filters[0].set[0].value"),
        Arguments.of(requestSet("a\u0000b"), "filters[0].set[0].value"),
        Arguments.of(requestSet("a\nInjected: 1"), "filters[0].set[0].value"),
        Arguments.of(
            new HttpFilterSpec.ResponseHeaderModifier(
                List.of(), List.of(new HttpHeader("x-r", "v\r\nSet-Cookie: s=1")), List.of()),
            "filters[0].add[0].value"),
        Arguments.of(
            new HttpFilterSpec.RequestHeaderModifier(
                List.of(new HttpHeader("x-a\r\nInjected", "v")), List.of(), List.of()),
            "filters[0].set[0].name"),
        Arguments.of(
            new HttpFilterSpec.UrlRewrite(
                Optional.of("evil.test\r\nInjected: 1"), Optional.empty()),
            "filters[0].urlRewrite.hostname"),
        Arguments.of(
            rewritePath("/a\r\nInjected: 1"), "filters[0].urlRewrite.path.replaceFullPath"),
        Arguments.of(rewritePath("/a%0d%0aInjected:%201"), "urlRewrite.path.replaceFullPath"),
        Arguments.of(rewritePath("/a%00b"), "urlRewrite.path.replaceFullPath"),
        Arguments.of(
            redirect(Optional.of("evil.test\r\nSet-Cookie: s=1"), Optional.empty()),
            "filters[0].requestRedirect.hostname"),
        Arguments.of(
            redirect(Optional.empty(), Optional.of(new PathModifier.ReplaceFullPath("/x\r\ny"))),
            "filters[0].requestRedirect.path.replaceFullPath"),
        Arguments.of(
            redirect(
                Optional.empty(), Optional.of(new PathModifier.ReplaceFullPath("/x%0D%0Ay: 1"))),
            "filters[0].requestRedirect.path.replaceFullPath"),
        Arguments.of(
            new HttpFilterSpec.Cors(
                List.of("*"),
                List.of("GET"),
                List.of("X-Ok", "X-Bad\r\nInjected: 1"),
                List.of(),
                false,
                Optional.of(Duration.ofSeconds(5))),
            "filters[0].cors.allowHeaders[1]"));
  }

  @ParameterizedTest
  @MethodSource("hostileFilters")
  void b3_hostileFilterValueIsRejectedAndThePreviousSnapshotServes(
      HttpFilterSpec hostile, String field) throws IOException {
    assertThatThrownBy(
            () ->
                proxy.apply(
                    gateway(
                        listener(
                            port,
                            anyHost(
                                route("hostile", prefix("/"), List.of(hostile), List.of(to(b))))))))
        .isInstanceOf(SnapshotCompileException.class)
        .hasMessageContaining("default/hostile")
        .hasMessageContaining(field)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u0000"));

    assertStillServes();
    assertThat(b.requests()).isEmpty();
  }

  /** The same shapes with clean values are accepted: the check is not a blanket refusal. */
  @ParameterizedTest
  @MethodSource("cleanFilters")
  void b3_cleanValuesOfTheSameFiltersAreAccepted(HttpFilterSpec clean) throws IOException {
    apply(
        gateway(
            listener(port, anyHost(route("clean", prefix("/"), List.of(clean), List.of(to(b)))))));

    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response response = http.exchange("GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(response.status()).isIn(200, 302);
    }
  }

  static Stream<HttpFilterSpec> cleanFilters() {
    return Stream.of(
        requestSet("a value\twith tab, %0d%0a stays literal in a header"),
        rewritePath("/a%20b/%2e"),
        redirect(
            Optional.of("elsewhere.test"), Optional.of(new PathModifier.ReplaceFullPath("/y"))));
  }

  private static HttpFilterSpec requestSet(String value) {
    return new HttpFilterSpec.RequestHeaderModifier(
        List.of(new HttpHeader("x-set", value)), List.of(), List.of());
  }

  private static HttpFilterSpec rewritePath(String path) {
    return new HttpFilterSpec.UrlRewrite(
        Optional.empty(), Optional.of(new PathModifier.ReplaceFullPath(path)));
  }

  private static HttpFilterSpec redirect(Optional<String> host, Optional<PathModifier> path) {
    return new HttpFilterSpec.RequestRedirect(
        Optional.empty(), host, path, OptionalInt.empty(), 302);
  }
}
