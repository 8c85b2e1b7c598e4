package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.HttpCase;
import java.util.List;

/**
 * The request-header cases the upstream {@code HTTPRouteRequestHeaderModifier} family shares (notes
 * §2.3): the same expectations whether the filters sit on the rule or on the backendRef. Stateless;
 * every call builds fresh cases.
 */
final class RequestHeaderCases {

  private RequestHeaderCases() {}

  /** The cases of the {@code /set}, {@code /add}, ... rules, all answered by {@code backend}. */
  static List<HttpCase> all(String backend) {
    return List.of(
            get("/set")
                .header("Some-Other-Header", "val")
                .expectHeader("Some-Other-Header", "val")
                .expectHeader("X-Header-Set", "set-overwrites-values"),
            get("/set")
                .header("X-Header-Set", "some-other-value")
                .expectHeader("X-Header-Set", "set-overwrites-values"),
            get("/add").expectHeader("X-Header-Add", "add-appends-values"),
            get("/add")
                .header("X-Header-Add", "some-other-value")
                .expectHeader("X-Header-Add", "some-other-value,add-appends-values"),
            get("/remove")
                .header("X-Header-Remove", "val")
                .expectAbsentRequestHeaders("X-Header-Remove"),
            get("/multiple")
                .header("X-Header-Set-2", "set-val-2")
                .header("X-Header-Add-2", "add-val-2")
                .header("X-Header-Remove-2", "remove-val-2")
                .header("Another-Header", "another-header-val")
                .expectHeader("X-Header-Set-1", "header-set-1")
                .expectHeader("X-Header-Set-2", "header-set-2")
                .expectHeader("X-Header-Add-1", "header-add-1")
                .expectHeader("X-Header-Add-2", "add-val-2,header-add-2")
                .expectHeader("X-Header-Add-3", "header-add-3")
                .expectHeader("Another-Header", "another-header-val")
                .expectAbsentRequestHeaders("X-Header-Remove-1", "X-Header-Remove-2"),
            get("/case-insensitivity")
                .header("x-header-set", "original-val-set")
                .header("x-header-add", "original-val-add")
                .header("x-header-remove", "original-val-remove")
                .expectHeader("X-Header-Set", "header-set")
                .expectHeader("X-Header-Add", "original-val-add,header-add")
                .expectAbsentRequestHeaders("x-header-remove"))
        .stream()
        .map(c -> c.backend(backend, INFRA))
        .toList();
  }
}
