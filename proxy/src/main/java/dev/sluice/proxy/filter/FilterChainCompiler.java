package dev.sluice.proxy.filter;

import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.HttpHeader;
import dev.sluice.ir.PathMatch;
import dev.sluice.ir.PathModifier;
import dev.sluice.ir.Route;
import dev.sluice.proxy.routing.FilterCompiler;
import dev.sluice.proxy.routing.RouteCompileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles IR filter specs into a {@link FilterChain}, validating every value a filter will write
 * (header values, host names, paths), because Netty's encoder does not re-validate them. Stateless
 * and thread-safe.
 */
public final class FilterChainCompiler implements FilterCompiler<FilterChain> {

  private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

  @Override
  public FilterChain compile(Route route, List<HttpFilterSpec> specs, String field)
      throws RouteCompileException {
    if (specs.isEmpty()) {
      return FilterChain.EMPTY;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      order.add(i);
    }
    // A stable sort by position keeps the config order among filters of the same kind.
    order.sort(Comparator.comparing(i -> FilterPosition.of(specs.get(i))));
    List<FilterFactory> factories = new ArrayList<>();
    for (int i : order) {
      factories.add(factory(new FilterValidator(route, field + "[" + i + "]"), specs.get(i)));
    }
    return new FilterChain(factories);
  }

  private static FilterFactory factory(FilterValidator v, HttpFilterSpec spec)
      throws RouteCompileException {
    return switch (spec) {
      case HttpFilterSpec.RequestHeaderModifier m -> {
        HttpFilter filter = new RequestHeaderModifierFilter(edits(v, m.set(), m.add(), m.remove()));
        yield () -> filter;
      }
      case HttpFilterSpec.ResponseHeaderModifier m -> {
        HttpFilter filter =
            new ResponseHeaderModifierFilter(edits(v, m.set(), m.add(), m.remove()));
        yield () -> filter;
      }
      case HttpFilterSpec.RequestRedirect r -> redirect(v, r);
      case HttpFilterSpec.UrlRewrite u -> {
        if (u.hostname().isPresent()) {
          v.hostname("urlRewrite.hostname", u.hostname().get());
        }
        HttpFilter filter =
            new UrlRewriteFilter(u.hostname(), pathRewrite(v, "urlRewrite.path", u.path()));
        yield () -> filter;
      }
      case HttpFilterSpec.RequestMirror m -> () -> new RequestMirrorFilter(m);
      case HttpFilterSpec.Cors c -> {
        // Methods and header names are joined into Access-Control-* values as written.
        v.tokens("cors.allowMethods", c.allowMethods());
        v.tokens("cors.allowHeaders", c.allowHeaders());
        v.tokens("cors.exposeHeaders", c.exposeHeaders());
        CorsPolicy policy = new CorsPolicy(c);
        yield () -> new CorsFilter(policy);
      }
    };
  }

  private static FilterFactory redirect(FilterValidator v, HttpFilterSpec.RequestRedirect r)
      throws RouteCompileException {
    if (!REDIRECT_STATUSES.contains(r.statusCode())) {
      throw v.error(
          "requestRedirect.statusCode", r.statusCode() + " (expected 301, 302, 303, 307 or 308)");
    }
    if (r.scheme().isPresent() && !r.scheme().get().matches("[a-z][a-z0-9+.-]*")) {
      throw v.error(
          "requestRedirect.scheme", "'" + r.scheme().get() + "' (expected e.g. http or https)");
    }
    if (r.hostname().isPresent()) {
      v.hostname("requestRedirect.hostname", r.hostname().get());
    }
    if (r.port().isPresent() && (r.port().getAsInt() < 1 || r.port().getAsInt() > 65535)) {
      throw v.error("requestRedirect.port", r.port().getAsInt() + " (expected 1..65535)");
    }
    HttpFilter filter =
        new RequestRedirectFilter(r, pathRewrite(v, "requestRedirect.path", r.path()));
    return () -> filter;
  }

  private static HeaderEdits edits(
      FilterValidator v, List<HttpHeader> set, List<HttpHeader> add, List<String> remove)
      throws RouteCompileException {
    for (int i = 0; i < set.size(); i++) {
      v.header("set[" + i + "]", set.get(i));
    }
    for (int i = 0; i < add.size(); i++) {
      v.header("add[" + i + "]", add.get(i));
    }
    for (int i = 0; i < remove.size(); i++) {
      v.headerName("remove[" + i + "]", remove.get(i));
    }
    return new HeaderEdits(set, add, remove);
  }

  private static Optional<PathRewrite> pathRewrite(
      FilterValidator v, String field, Optional<PathModifier> modifier)
      throws RouteCompileException {
    if (modifier.isEmpty()) {
      return Optional.empty();
    }
    return switch (modifier.get()) {
      case PathModifier.ReplaceFullPath full -> {
        v.path(field + ".replaceFullPath", full.path());
        yield Optional.of(new PathRewrite(full, ""));
      }
      case PathModifier.ReplacePrefixMatch prefix -> {
        v.path(field + ".replacePrefixMatch", prefix.prefix());
        PathMatch match = v.route().match().path();
        if (match.kind() != PathMatch.Kind.PREFIX) {
          throw v.error(
              field + ".replacePrefixMatch",
              "requires a PathPrefix match (route matches "
                  + match.kind()
                  + " "
                  + match.value()
                  + ")");
        }
        yield Optional.of(new PathRewrite(prefix, PathRewrite.stripTrailingSlashes(match.value())));
      }
    };
  }
}
