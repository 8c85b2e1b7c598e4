package dev.sluice.proxy.filter;

import io.netty.handler.codec.http.HttpResponse;

/**
 * Edits the headers sent to the client. Stateless and thread-safe: one instance serves all
 * requests.
 */
final class ResponseHeaderModifierFilter implements HttpFilter {

  private final HeaderEdits edits;

  ResponseHeaderModifierFilter(HeaderEdits edits) {
    this.edits = edits;
  }

  @Override
  public FilterAction onResponseHeaders(FilterContext ctx, HttpResponse response) {
    edits.apply(response.headers());
    return FilterAction.CONTINUE;
  }
}
