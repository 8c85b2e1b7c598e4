package dev.sluice.proxy.filter;

import dev.sluice.ir.HttpHeader;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers CORS preflight requests at the gateway (they are never forwarded) and adds the {@code
 * Access-Control-*} headers to responses for allowed origins. One instance per request (it
 * remembers the request's origin); event-loop confined.
 */
final class CorsFilter implements HttpFilter {

  private final CorsPolicy policy;
  private String allowedOrigin;

  CorsFilter(CorsPolicy policy) {
    this.policy = policy;
  }

  @Override
  public FilterAction onRequestHeaders(FilterContext ctx, HttpRequest request) {
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (origin == null) {
      return FilterAction.CONTINUE;
    }
    boolean allowed = policy.allows(origin);
    if (isPreflight(request)) {
      List<HttpHeader> headers = new ArrayList<>();
      if (allowed) {
        headers.addAll(
            policy.preflight(
                origin,
                Optional.ofNullable(
                    request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)),
                Optional.ofNullable(
                    request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS))));
      }
      // The answer depends on the origin: caches must key on it.
      headers.add(new HttpHeader("Vary", "Origin"));
      return new FilterAction.Respond(204, headers, "");
    }
    if (allowed) {
      allowedOrigin = origin;
    }
    return FilterAction.CONTINUE;
  }

  @Override
  public FilterAction onResponseHeaders(FilterContext ctx, HttpResponse response) {
    if (allowedOrigin != null) {
      for (HttpHeader header : policy.response(allowedOrigin)) {
        response.headers().set(header.name(), header.value());
      }
    }
    // Whether Access-Control-Allow-Origin is present, and its value, depend on the request's
    // Origin: every response of a CORS route varies by it, so no cache serves it cross-origin.
    if (!response.headers().containsValue(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN, true)) {
      response.headers().add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
    return FilterAction.CONTINUE;
  }

  private static boolean isPreflight(HttpRequest request) {
    return request.method().equals(HttpMethod.OPTIONS)
        && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
  }
}
