package dev.sluice.proxy.http1;

import dev.sluice.proxy.routing.HostNames;
import dev.sluice.proxy.routing.PathNormalizer;
import dev.sluice.proxy.routing.QueryParams;
import dev.sluice.proxy.routing.RoutableRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;
import java.util.Optional;

/**
 * The routing view of a request head: normalised host, path and query. Event-loop confined; one per
 * request. Absolute-form targets ({@code GET http://host/x}) are turned into origin form, with the
 * authority replacing the Host header as RFC 9112 §3.2.2 requires.
 */
final class RequestHead implements RoutableRequest, HeadParseResult {

  private final String method;
  private final String host;
  private final String path;
  private final String rawQuery;
  private final HttpHeaders headers;
  private QueryParams query;

  private RequestHead(
      String method, String host, String path, String rawQuery, HttpHeaders headers) {
    this.method = method;
    this.host = host;
    this.path = path;
    this.rawQuery = rawQuery;
    this.headers = headers;
  }

  /** Parses the head, or explains why it is a bad request. */
  static HeadParseResult parse(HttpRequest request) {
    HttpHeaders headers = request.headers();
    int hosts = hostCount(headers);
    if (hosts > 1) {
      return new HeadParseResult.Bad("more than one Host header");
    }
    String uri = request.uri();
    if (!uri.startsWith("/")) {
      int scheme = uri.indexOf("://");
      if (scheme <= 0) {
        return new HeadParseResult.Bad(
            "request target '" + uri + "' (expected /path or http://host/path)");
      }
      int end = scheme + 3;
      while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
        end++;
      }
      headers.set(HttpHeaderNames.HOST, uri.substring(scheme + 3, end));
      uri =
          end < uri.length() && uri.charAt(end) == '?'
              ? "/" + uri.substring(end)
              : uri.substring(end);
      request.setUri(uri.isEmpty() ? "/" : uri);
      uri = request.uri();
    } else if (hosts == 0 && request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
      return new HeadParseResult.Bad("missing Host header (required by HTTP/1.1)");
    }
    if (hosts > 0 && !validAuthority(headers.get(HttpHeaderNames.HOST))) {
      return new HeadParseResult.Bad(
          "Host '" + headers.get(HttpHeaderNames.HOST) + "' (expected host[:port])");
    }
    int q = uri.indexOf('?');
    String query = q < 0 ? "" : uri.substring(q + 1);
    Optional<String> normalized = PathNormalizer.normalize(q < 0 ? uri : uri.substring(0, q));
    if (normalized.isEmpty()) {
      return new HeadParseResult.Bad(
          "request path '" + uri + "' (invalid escape, character or fragment)");
    }
    String path = normalized.get();
    String target = q < 0 ? path : path + "?" + query;
    if (!target.equals(uri)) {
      // The backend gets exactly the path the route was matched on.
      request.setUri(target);
    }
    String host = HostNames.normalize(headers.get(HttpHeaderNames.HOST, ""));
    return new RequestHead(request.method().name(), host, path, query, headers);
  }

  /** How many Host fields the head has, counting no further than two (no list is built). */
  private static int hostCount(HttpHeaders headers) {
    Iterator<? extends CharSequence> values =
        headers.valueCharSequenceIterator(HttpHeaderNames.HOST);
    int count = 0;
    while (count < 2 && values.hasNext()) {
      values.next();
      count++;
    }
    return count;
  }

  /**
   * Whether {@code authority} is a plain {@code host[:port]}: not empty, no userinfo, path, list or
   * whitespace (reliability-security.md §4 C2).
   */
  static boolean validAuthority(String authority) {
    if (authority.isEmpty()) {
      return false;
    }
    for (int i = 0; i < authority.length(); i++) {
      char c = authority.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~:[]".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Optional<String> firstHeader(String lowerCaseName) {
    return Optional.ofNullable(headers.get(lowerCaseName));
  }

  @Override
  public Optional<String> firstQueryParam(String name) {
    if (query == null) {
      query = QueryParams.parse(rawQuery);
    }
    return query.first(name);
  }
}
