package dev.sluice.conformance;

import static dev.sluice.conformance.CorsCase.preflight;
import static dev.sluice.conformance.CorsCase.simple;

import java.util.List;

/** The fifteen expectations of the upstream {@code HTTPRouteCORS} test (notes §2.11). Stateless. */
final class CorsCases {

  static final String ACAO = "Access-Control-Allow-Origin";
  static final String ACAM = "Access-Control-Allow-Methods";
  static final String ACAH = "Access-Control-Allow-Headers";
  static final String ACEH = "Access-Control-Expose-Headers";
  static final String ACMA = "Access-Control-Max-Age";
  static final String ACAC = "Access-Control-Allow-Credentials";
  static final String REQUESTED = "x-header-1, x-header-2";
  static final String[] REQUESTED_EITHER_ORDER = {"x-header-1,x-header-2", "x-header-2,x-header-1"};

  private CorsCases() {}

  static List<CorsCase> all() {
    String wild = "/cors-wildcard-methods-headers";
    String other = "https://other.foo.com";
    return List.of(
        cors1Preflight("https://www.foo.com"),
        cors1Preflight("https://www.bar.com"),
        cors1Preflight("https://xpto.www.bar.com"),
        preflight("/cors-1", "https://foobar.com", "GET", REQUESTED)
            .statuses(200, 204, 403)
            .absent(ACAO),
        cors1Simple("https://www.foo.com").expect(ACAO, "https://www.foo.com"),
        cors1Simple("https://www.bar.com").expect(ACAO, "https://www.bar.com"),
        cors1Simple("https://foobar.com").absent(ACAO),
        cors2Preflight(),
        cors2Preflight(),
        preflight("/cors-wildcard-origin", "https://foobar.com", "PUT", "")
            .expect(ACAO, "https://foobar.com", "*")
            .expect(ACAM, "PUT")
            .absent(ACAC),
        preflight("/cors-wildcard-origin", "https://foobar.com:12345", "PUT", "")
            .expect(ACAO, "https://foobar.com:12345", "*")
            .expect(ACAM, "PUT"),
        simple("PUT", "/cors-wildcard-origin", "https://foobar.com:12345")
            .expect(ACAO, "https://foobar.com:12345", "*"),
        simple("PUT", "/cors-wildcard-origin", "https://foobar.com")
            .expect(ACAO, "https://foobar.com", "*")
            .absent(ACAC),
        preflight(wild, other, "PUT", REQUESTED)
            .expect(ACAO, other)
            .expect(ACAM, "PUT")
            .expect(ACAH, REQUESTED_EITHER_ORDER)
            .expect(ACAC, "true"),
        preflight(wild + "-unauth", other, "PUT", REQUESTED)
            .expect(ACAO, other, "*")
            .expect(ACAM, "PUT", "*")
            .expect(ACAH, REQUESTED_EITHER_ORDER[0], REQUESTED_EITHER_ORDER[1], "*")
            .absent(ACAC),
        simple("GET", wild, other).expect(ACAO, other).expect(ACAC, "true"),
        simple("GET", wild + "-unauth", other).expect(ACAO, other, "*").absent(ACAC));
  }

  private static CorsCase cors1Preflight(String origin) {
    return preflight("/cors-1", origin, "GET", REQUESTED)
        .expect(ACAO, origin)
        .expect(ACAM, "GET,OPTIONS", "OPTIONS,GET")
        .expect(ACAH, REQUESTED_EITHER_ORDER)
        .expect(ACEH, "x-header-3,x-header-4", "x-header-4,x-header-3")
        .expect(ACMA, "3600")
        .expect(ACAC, "true");
  }

  /** A GET that also carries preflight headers: only OPTIONS may be taken for a preflight. */
  private static CorsCase cors1Simple(String origin) {
    return simple("GET", "/cors-1", origin)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", REQUESTED);
  }

  private static CorsCase cors2Preflight() {
    return preflight("/cors-2", "https://www.foo.com", "POST", "")
        .expect(ACAM, "POST", "*")
        .expect(ACAO, "https://www.foo.com")
        .absent(ACAC);
  }
}
