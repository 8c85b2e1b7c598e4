package dev.sluice.conformance.checks;

import dev.sluice.identity.IssuedCertificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request of a conformance test and what must come back, like the suite's {@code
 * ExpectedResponse}: the request (method, path with query, Host, headers, protocol, TLS), the
 * status codes, and for 2xx echo answers the backend, namespace and what the backend must have
 * seen.
 *
 * <p>A fluent builder: configure it on one thread, then share it read-only.
 */
public final class HttpCase {

  /** How the client speaks to the gateway (§5.1 transports). */
  public enum Protocol {
    HTTP1,
    H2,
    H2C
  }

  String method = "GET";
  String path = "/";
  Optional<String> host = Optional.empty();
  final Map<String, String> headers = new LinkedHashMap<>();
  String backendSetResponseHeaders = "";
  Protocol protocol = Protocol.HTTP1;
  boolean tls;
  Optional<Integer> port = Optional.empty();
  Optional<String> sni = Optional.empty();
  Optional<X509Certificate> trust = Optional.empty();
  Optional<IssuedCertificate> clientCertificate = Optional.empty();

  List<Integer> statusCodes = List.of(200);
  String backend = "";
  String namespace = "";
  Optional<String> expectedPath = Optional.empty();
  Optional<String> expectedHost = Optional.empty();
  Optional<String> expectedMethod = Optional.empty();
  Optional<Map<String, String>> expectedHeaders = Optional.empty();
  final List<String> absentRequestHeaders = new ArrayList<>();
  final Map<String, String> responseHeaders = new LinkedHashMap<>();
  final List<String> absentResponseHeaders = new ArrayList<>();
  Optional<Redirect> redirect = Optional.empty();
  Optional<String> expectedSni = Optional.empty();
  Optional<String> expectedClientCertificate = Optional.empty();

  private HttpCase(String method, String path) {
    this.method = method;
    this.path = path;
  }

  public static HttpCase get(String path) {
    return new HttpCase("GET", path);
  }

  public static HttpCase request(String method, String path) {
    return new HttpCase(method, path);
  }

  public HttpCase host(String value) {
    host = Optional.of(value);
    return this;
  }

  public HttpCase header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Asks the echo backend to set these response headers ({@code X-Echo-Set-Header}). */
  public HttpCase backendSets(String nameColonValues) {
    backendSetResponseHeaders = nameColonValues;
    return this;
  }

  public HttpCase protocol(Protocol value) {
    protocol = value;
    return this;
  }

  /** Sends over TLS with {@code sni}, trusting {@code ca}, to port 443 unless {@link #port}. */
  public HttpCase tls(String serverName, X509Certificate ca) {
    tls = true;
    sni = Optional.of(serverName);
    trust = Optional.of(ca);
    return this;
  }

  public HttpCase clientCertificate(IssuedCertificate certificate) {
    clientCertificate = Optional.of(certificate);
    return this;
  }

  public HttpCase port(int value) {
    port = Optional.of(value);
    return this;
  }

  public HttpCase expect(Integer... codes) {
    statusCodes = List.of(codes);
    return this;
  }

  /** The pod name must start with {@code prefix}; the namespace must be {@code ns}. */
  public HttpCase backend(String prefix, String ns) {
    backend = prefix;
    namespace = ns;
    return this;
  }

  public HttpCase namespace(String ns) {
    namespace = ns;
    return this;
  }

  public HttpCase expectPath(String value) {
    expectedPath = Optional.of(value);
    return this;
  }

  public HttpCase expectHost(String value) {
    expectedHost = Optional.of(value);
    return this;
  }

  public HttpCase expectMethod(String value) {
    expectedMethod = Optional.of(value);
    return this;
  }

  /**
   * The headers the backend must have seen instead of the request's own (like setting {@code
   * ExpectedRequest.Headers}); add pairs with {@link #expectHeader}.
   */
  public HttpCase expectHeader(String name, String value) {
    if (expectedHeaders.isEmpty()) {
      expectedHeaders = Optional.of(new LinkedHashMap<>());
    }
    expectedHeaders.get().put(name, value);
    return this;
  }

  public HttpCase expectAbsentRequestHeaders(String... names) {
    absentRequestHeaders.addAll(List.of(names));
    return this;
  }

  public HttpCase expectResponseHeader(String name, String value) {
    responseHeaders.put(name, value);
    return this;
  }

  public HttpCase expectAbsentResponseHeaders(String... names) {
    absentResponseHeaders.addAll(List.of(names));
    return this;
  }

  public HttpCase expectRedirect(Redirect value) {
    redirect = Optional.of(value);
    return this;
  }

  public HttpCase expectSni(String value) {
    expectedSni = Optional.of(value);
    return this;
  }

  public HttpCase expectClientCertificate(String pem) {
    expectedClientCertificate = Optional.of(pem);
    return this;
  }

  /** The port the request goes to: the explicit one, else 443 for TLS and 80 otherwise. */
  int targetPort() {
    return port.orElse(tls ? 443 : 80);
  }

  String scheme() {
    return tls ? "https" : "http";
  }

  /** The path with a query parameter appended (for mirror request ids). */
  HttpCase withQueryParameter(String name, String value) {
    String separator = path.contains("?") ? "&" : "?";
    path = path + separator + name + "=" + value;
    expectedPath = expectedPath.map(p -> p + (p.contains("?") ? "&" : "?") + name + "=" + value);
    return this;
  }

  @Override
  public String toString() {
    return method
        + " "
        + scheme()
        + "://"
        + host.orElse("<gateway>")
        + path
        + (headers.isEmpty() ? "" : " " + headers)
        + (sni.map(s -> " sni=" + s).orElse(""))
        + " → "
        + statusCodes
        + (backend.isEmpty() ? "" : " " + backend);
  }
}
