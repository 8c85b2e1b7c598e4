package dev.sluice.proxy.routing;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A request view for routing tests. */
record TestRequest(
    String host, String method, String path, String query, Map<String, String> headers)
    implements RoutableRequest {

  static TestRequest get(String host, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    return new TestRequest(HostNames.normalize(host), "GET", path, query, Map.of());
  }

  TestRequest withMethod(String m) {
    return new TestRequest(host, m, path, query, headers);
  }

  TestRequest withHeaders(Map<String, String> h) {
    return new TestRequest(host, method, path, query, h);
  }

  @Override
  public Optional<String> firstHeader(String lowerCaseName) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(lowerCaseName))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  @Override
  public Optional<String> firstQueryParam(String name) {
    return QueryParams.parse(query).first(name);
  }
}
