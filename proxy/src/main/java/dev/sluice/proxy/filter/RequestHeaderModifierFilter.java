package dev.sluice.proxy.filter;

import io.netty.handler.codec.http.HttpRequest;

/** Edits the headers sent upstream. Stateless and thread-safe: one instance serves all requests. */
final class RequestHeaderModifierFilter implements HttpFilter {

  private final HeaderEdits edits;

  RequestHeaderModifierFilter(HeaderEdits edits) {
    this.edits = edits;
  }

  @Override
  public FilterAction onRequestHeaders(FilterContext ctx, HttpRequest request) {
    edits.apply(request.headers());
    return FilterAction.CONTINUE;
  }
}
