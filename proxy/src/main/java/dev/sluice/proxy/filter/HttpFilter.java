package dev.sluice.proxy.filter;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A request/response filter, shaped like a proxy-wasm HTTP context: one instance per request,
 * created by a {@link FilterFactory} that belongs to one snapshot. Built-in filters and, later,
 * Wasm plugins implement this same interface. Event-loop confined: every callback of one instance
 * runs on the request's event loop.
 *
 * <p>Body callbacks borrow the chunk: a filter that keeps it must retain it. Request callbacks run
 * in chain order; response callbacks in reverse order.
 */
public interface HttpFilter {

  /** The request head that will be sent upstream; filters may change its headers and URI. */
  default FilterAction onRequestHeaders(FilterContext ctx, HttpRequest request) {
    return FilterAction.CONTINUE;
  }

  /** A request body chunk; a {@code LastHttpContent} is the last one. */
  default FilterAction onRequestBody(FilterContext ctx, HttpContent chunk) {
    return FilterAction.CONTINUE;
  }

  /** The response head that will be sent to the client; filters may change its headers. */
  default FilterAction onResponseHeaders(FilterContext ctx, HttpResponse response) {
    return FilterAction.CONTINUE;
  }

  /** A response body chunk; a {@code LastHttpContent} is the last one. */
  default FilterAction onResponseBody(FilterContext ctx, HttpContent chunk) {
    return FilterAction.CONTINUE;
  }

  /**
   * The exchange ended, successfully or not ({@code completed} false when it was aborted). Called
   * exactly once; must not throw.
   */
  default void onComplete(FilterContext ctx, boolean completed) {}
}
