package dev.sluice.conformance;

import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.EchoedRequest;
import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.HttpResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One CORS expectation of the upstream {@code HTTPRouteCORS} test (notes §2.11): a request with an
 * {@code Origin}, the accepted statuses, response headers that must take one of several values
 * (compared with whitespace removed), headers that must be absent, and whether the backend or the
 * gateway itself must answer. A fluent builder: configure on one thread, then share read-only.
 */
final class CorsCase {

  private final HttpCase request;
  private final String description;
  private List<Integer> statuses = List.of(200, 204);
  private final Map<String, List<String>> oneOf = new LinkedHashMap<>();
  private final List<String> absent = new ArrayList<>();
  private boolean fromBackend;

  private CorsCase(HttpCase request, String description) {
    this.request = request;
    this.description = description;
  }

  /** A preflight: {@code OPTIONS} with the Origin and the requested method (and headers). */
  static CorsCase preflight(String path, String origin, String method, String headers) {
    HttpCase request =
        HttpCase.request("OPTIONS", path)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method);
    if (!headers.isEmpty()) {
      request.header("Access-Control-Request-Headers", headers);
    }
    return new CorsCase(request, "preflight " + path + " from " + origin + " for " + method);
  }

  /** An actual request, answered by infra-backend-v1. */
  static CorsCase simple(String method, String path, String origin) {
    HttpCase request = HttpCase.request(method, path).header("Origin", origin);
    CorsCase c = new CorsCase(request, method + " " + path + " from " + origin);
    c.fromBackend = true;
    c.statuses = List.of(200);
    return c;
  }

  CorsCase header(String name, String value) {
    request.header(name, value);
    return this;
  }

  CorsCase statuses(Integer... codes) {
    statuses = List.of(codes);
    return this;
  }

  /** The response header must equal one of {@code values} (whitespace ignored). */
  CorsCase expect(String name, String... values) {
    oneOf.put(name, List.of(values));
    return this;
  }

  CorsCase absent(String... names) {
    absent.addAll(List.of(names));
    return this;
  }

  /** Sends once; empty when the response meets every expectation, else why not. */
  Optional<String> attempt(String address) {
    HttpResult response;
    try {
      response = HttpChecks.send(address, request);
    } catch (Exception e) {
      return Optional.of(description + ": request failed: " + e);
    }
    if (!statuses.contains(response.status())) {
      return fail("status %d, expected %s", response.status(), statuses);
    }
    Optional<EchoedRequest> echo = response.echoed();
    if (fromBackend
        && (echo.isEmpty()
            || !echo.get().namespace().equals(INFRA)
            || !echo.get().pod().startsWith("infra-backend-v1"))) {
      return fail("expected an echo of infra-backend-v1, got %s", response.body());
    }
    if (!fromBackend && echo.isPresent()) {
      return fail("the gateway forwarded the preflight to %s", echo.get().pod());
    }
    for (var header : oneOf.entrySet()) {
      Optional<String> seen = response.header(header.getKey()).map(CorsCase::squash);
      if (seen.isEmpty()
          || header.getValue().stream().map(CorsCase::squash).noneMatch(seen.get()::equals)) {
        return fail("%s=%s, expected one of %s", header.getKey(), seen, header.getValue());
      }
    }
    for (String name : absent) {
      if (response.header(name).isPresent()) {
        return fail("%s=%s, expected it absent", name, response.header(name).get());
      }
    }
    return Optional.empty();
  }

  private Optional<String> fail(String format, Object... args) {
    return Optional.of(description + ": " + String.format(format, args));
  }

  private static String squash(String value) {
    return value.replaceAll("\\s", "");
  }

  @Override
  public String toString() {
    return description;
  }
}
