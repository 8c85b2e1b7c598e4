package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.routing.PathNormalizer;
import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Class D of reliability-security.md §4: paths are normalised before matching, and the backend gets
 * the normalised path. {@code /admin} goes to origin b, everything else to origin a.
 */
class PathNormalizationTest extends HostileTestBase {

  @BeforeEach
  void adminToB() {
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    route("admin", prefix("/admin"), List.of(), List.of(to(b))),
                    route("rest", prefix("/"), List.of(), List.of(to(a)))))));
  }

  private RawHttp.Response raw(String target) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      return http.exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "/public/../admin, /admin",
    "/public/%2e%2e/admin, /admin",
    "/public/%2E%2E/admin/x, /admin/x",
    "/./admin, /admin",
    "/public/./../admin?q=1, /admin?q=1",
    "/../../admin, /admin"
  })
  void d1_dotSegmentsAreResolvedBeforeMatching(String target, String forwarded) throws IOException {
    RawHttp.Response r = raw(target);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("b GET " + forwarded);
  }

  @Test
  void d2_encodedSlashStaysEncodedAndDoesNotSplitASegment() throws IOException {
    assertThat(raw("/admin%2fx").body()).isEqualTo("a GET /admin%2Fx");
    assertThat(raw("/public/..%2Fadmin").body()).isEqualTo("a GET /public/..%2Fadmin");
    assertThat(raw("/x%5Cy").body()).isEqualTo("a GET /x%5Cy");
  }

  @Test
  void d2_literalBackslashIsRejected() throws IOException {
    assertRejected("GET /public\\..\\admin HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    assertThat(b.requests()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"//admin, /admin", "/admin//x///y, /admin/x/y"})
  void d3_repeatedSlashesAreMerged(String target, String forwarded) throws IOException {
    assertThat(raw(target).body()).isEqualTo("b GET " + forwarded);
  }

  @Test
  void d5_fragmentInTheTargetIsRejected() throws IOException {
    assertRejected("GET /public#/../admin HTTP/1.1\r\nHost: x\r\n\r\n", 400);
  }

  @Test
  void d6_encodedUnreservedIsDecodedForMatching() throws IOException {
    assertThat(raw("/%61dmin").body()).isEqualTo("b GET /admin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%zz", "/a%4", "/a%00b", "/%c0%af%00"})
  void d6_invalidEscapesAndNulAreRejected(String target) throws IOException {
    assertRejected("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a\u0001b", "/caf\u00e9", "/a\u007fb"})
  void d8_controlAndNonAsciiCharactersAreRejected(String target) throws IOException {
    assertRejected("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", 400);
  }

  @Test
  void d7_prefixMatchIsSegmentWiseAfterNormalisation() throws IOException {
    assertThat(raw("/adminx").body()).isEqualTo("a GET /adminx");
    assertThat(raw("/x/../admin/").body()).isEqualTo("b GET /admin/");
  }

  @Test
  void normalizerKeepsTrailingSlashesAndRoot() {
    assertThat(PathNormalizer.normalize("/")).contains("/");
    assertThat(PathNormalizer.normalize("/a/b/..")).contains("/a/");
    assertThat(PathNormalizer.normalize("/a/.")).contains("/a/");
    assertThat(PathNormalizer.normalize("/..")).contains("/");
    assertThat(PathNormalizer.normalize("/a%2fb")).contains("/a%2Fb");
    assertThat(PathNormalizer.normalize("/a b")).isEqualTo(Optional.empty());
  }
}
