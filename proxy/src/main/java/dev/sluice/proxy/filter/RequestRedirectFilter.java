package dev.sluice.proxy.filter;

import dev.sluice.ir.HttpFilterSpec.RequestRedirect;
import dev.sluice.ir.HttpHeader;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Optional;

/**
 * Answers with a redirect instead of forwarding. Stateless and thread-safe.
 *
 * <p>Unset parts keep the request's values. The port follows the Gateway API rules: an explicit
 * port wins; else, when the redirect sets a scheme, that scheme's well-known port (80 or 443); else
 * the listener port. Port 80 with http and 443 with https are left out of the Location.
 */
final class RequestRedirectFilter implements HttpFilter {

  private final RequestRedirect spec;
  private final Optional<PathRewrite> path;

  RequestRedirectFilter(RequestRedirect spec, Optional<PathRewrite> path) {
    this.spec = spec;
    this.path = path;
  }

  @Override
  public FilterAction onRequestHeaders(FilterContext ctx, HttpRequest request) {
    String location = location(ctx, request.uri());
    return new FilterAction.Respond(
        spec.statusCode(), List.of(new HttpHeader("Location", location)), "");
  }

  String location(FilterContext ctx, String uri) {
    String scheme = spec.scheme().orElse(ctx.scheme());
    String host = spec.hostname().orElse(ctx.host());
    int port = port(ctx, scheme);
    String[] parts = PathRewrite.splitUri(uri);
    String newPath = path.map(p -> p.apply(parts[0])).orElse(parts[0]);
    boolean wellKnown =
        ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    return scheme + "://" + host + (wellKnown ? "" : ":" + port) + newPath + parts[1];
  }

  private int port(FilterContext ctx, String scheme) {
    if (spec.port().isPresent()) {
      return spec.port().getAsInt();
    }
    if (spec.scheme().isPresent()) {
      return switch (scheme) {
        case "http" -> 80;
        case "https" -> 443;
        default -> ctx.listenerPort();
      };
    }
    return ctx.listenerPort();
  }
}
