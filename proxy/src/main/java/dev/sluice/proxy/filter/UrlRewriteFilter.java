package dev.sluice.proxy.filter;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;

/** Rewrites the Host and/or path sent upstream; the query is kept. Stateless and thread-safe. */
final class UrlRewriteFilter implements HttpFilter {

  private final Optional<String> hostname;
  private final Optional<PathRewrite> path;

  UrlRewriteFilter(Optional<String> hostname, Optional<PathRewrite> path) {
    this.hostname = hostname;
    this.path = path;
  }

  @Override
  public FilterAction onRequestHeaders(FilterContext ctx, HttpRequest request) {
    hostname.ifPresent(h -> request.headers().set(HttpHeaderNames.HOST, h));
    if (path.isPresent()) {
      String[] parts = PathRewrite.splitUri(request.uri());
      request.setUri(path.get().apply(parts[0]) + parts[1]);
    }
    return FilterAction.CONTINUE;
  }
}
