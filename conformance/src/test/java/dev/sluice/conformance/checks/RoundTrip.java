package dev.sluice.conformance.checks;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The suite's {@code CompareRoundTrip} (conformance notes §5.2): whether one response meets an
 * {@link HttpCase}. Returns the first mismatch, or empty when it passes. Stateless.
 */
public final class RoundTrip {

  private static final List<Integer> REDIRECTS = List.of(300, 301, 302, 303, 304, 305, 307, 308);

  private RoundTrip() {}

  public static Optional<String> compare(String address, HttpCase c, HttpResult response) {
    boolean timeoutExpected = c.statusCodes.contains(408) || c.statusCodes.contains(504);
    if (timeoutExpected && (response.status() == 408 || response.status() == 504)) {
      return Optional.empty();
    }
    if (!c.statusCodes.contains(response.status())) {
      return fail(
          "status %d, expected %s (body: %s)", response.status(), c.statusCodes, body(response));
    }
    if (response.status() == 200 || response.status() == 204) {
      return compareEcho(c, response);
    }
    if (REDIRECTS.contains(response.status()) && c.redirect.isPresent()) {
      return compareRedirect(address, c, response);
    }
    return Optional.empty();
  }

  private static Optional<String> compareEcho(HttpCase c, HttpResult response) {
    EchoedRequest echo =
        response
            .echoed()
            .orElse(new EchoedRequest("", "", c.method, Map.of(), "", "", "", List.of()));
    String host = c.expectedHost.orElse(c.host.orElse(""));
    if (!host.isEmpty() && !host.equals(echo.host())) {
      return fail("backend saw host '%s', expected '%s'", echo.host(), host);
    }
    String path = c.expectedPath.orElse(c.path);
    if (!path.equals(echo.path())) {
      return fail("backend saw path '%s', expected '%s'", echo.path(), path);
    }
    String method = c.expectedMethod.orElse(c.method);
    if (!method.equals(echo.method())) {
      return fail("backend saw method %s, expected %s", echo.method(), method);
    }
    if (!c.namespace.equals(echo.namespace())) {
      return fail("backend namespace '%s', expected '%s'", echo.namespace(), c.namespace);
    }
    // An explicit expected request (headers or absent headers) replaces the request's own headers.
    Map<String, String> expected =
        c.expectedHeaders.orElse(c.absentRequestHeaders.isEmpty() ? c.headers : Map.of());
    for (var header : expected.entrySet()) {
      Optional<String> seen = echo.header(header.getKey());
      if (!seen.equals(Optional.of(header.getValue()))) {
        return fail("backend saw %s=%s, expected '%s'", header.getKey(), seen, header.getValue());
      }
    }
    return compareResponseHeaders(c, response)
        .or(() -> compareBackend(c, echo))
        .or(() -> compareTls(c, echo));
  }

  private static Optional<String> compareResponseHeaders(HttpCase c, HttpResult response) {
    for (var header : c.responseHeaders.entrySet()) {
      Optional<String> seen = response.header(header.getKey());
      if (!seen.equals(Optional.of(header.getValue()))) {
        return fail("response %s=%s, expected '%s'", header.getKey(), seen, header.getValue());
      }
    }
    for (String name : c.absentResponseHeaders) {
      if (response.header(name).isPresent()) {
        return fail("response has %s=%s, expected it absent", name, response.header(name).get());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> compareBackend(HttpCase c, EchoedRequest echo) {
    for (String name : c.absentRequestHeaders) {
      if (echo.header(name).isPresent()) {
        return fail("backend saw %s=%s, expected it absent", name, echo.header(name).get());
      }
    }
    if (!echo.pod().startsWith(c.backend)) {
      return fail("answered by pod '%s', expected a pod of %s", echo.pod(), c.backend);
    }
    return Optional.empty();
  }

  private static Optional<String> compareTls(HttpCase c, EchoedRequest echo) {
    if (c.expectedSni.isPresent() && !c.expectedSni.get().equals(echo.serverName())) {
      return fail("backend saw SNI '%s', expected '%s'", echo.serverName(), c.expectedSni.get());
    }
    if (c.expectedClientCertificate.isPresent()
        && !echo.peerCertificates().contains(c.expectedClientCertificate.get())) {
      return fail("backend saw client certificates %s", echo.peerCertificates());
    }
    return Optional.empty();
  }

  private static Optional<String> compareRedirect(String address, HttpCase c, HttpResult response) {
    Optional<String> location = response.header("location");
    if (location.isEmpty()) {
      return fail("redirect %d without Location", response.status());
    }
    URI uri = URI.create(location.get());
    Redirect expected = c.redirect.get();
    String scheme = expected.scheme().isEmpty() ? c.scheme() : expected.scheme();
    String actualScheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (!scheme.equals(actualScheme)) {
      return fail("Location %s: scheme '%s', expected '%s'", uri, actualScheme, scheme);
    }
    String host = uri.getHost() == null ? "" : uri.getHost();
    if (!expected.host().isEmpty() && !expected.host().equals(host)) {
      return fail("Location %s: host '%s', expected '%s'", uri, host, expected.host());
    }
    String port = uri.getPort() < 0 ? "" : Integer.toString(uri.getPort());
    List<String> ports =
        !expected.port().isEmpty()
            ? List.of(expected.port())
            : List.of("", scheme.equals("https") ? "443" : "80");
    if (!ports.contains(port)) {
      return fail("Location %s: port '%s', expected one of %s", uri, port, ports);
    }
    String path = expected.path().isEmpty() ? c.path.split("\\?", 2)[0] : expected.path();
    if (!path.equals(uri.getRawPath())) {
      return fail("Location %s: path '%s', expected '%s'", uri, uri.getRawPath(), path);
    }
    return Optional.empty();
  }

  private static String body(HttpResult response) {
    String body = response.body().strip();
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  private static Optional<String> fail(String format, Object... args) {
    return Optional.of(String.format(format, args));
  }
}
