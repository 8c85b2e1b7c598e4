package dev.sluice.ir;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a route rule or backend does to a request or response besides forwarding it. The data plane
 * builds one filter factory per spec per snapshot.
 */
public sealed interface HttpFilterSpec {

  /**
   * Edits request headers before forwarding: {@code set} replaces, {@code add} appends, {@code
   * remove} deletes (names case-insensitive).
   */
  record RequestHeaderModifier(List<HttpHeader> set, List<HttpHeader> add, List<String> remove)
      implements HttpFilterSpec {
    public RequestHeaderModifier {
      set = List.copyOf(set);
      add = List.copyOf(add);
      remove = List.copyOf(remove);
    }
  }

  /** Edits response headers before they reach the client; same semantics as the request one. */
  record ResponseHeaderModifier(List<HttpHeader> set, List<HttpHeader> add, List<String> remove)
      implements HttpFilterSpec {
    public ResponseHeaderModifier {
      set = List.copyOf(set);
      add = List.copyOf(add);
      remove = List.copyOf(remove);
    }
  }

  /**
   * Answers with a redirect instead of forwarding. Unset parts keep the request's values; when the
   * scheme changes and no port is given, the scheme's default port is used (and omitted from the
   * Location).
   *
   * @param statusCode 301, 302, 303, 307 or 308
   */
  record RequestRedirect(
      Optional<String> scheme,
      Optional<String> hostname,
      Optional<PathModifier> path,
      OptionalInt port,
      int statusCode)
      implements HttpFilterSpec {
    public RequestRedirect {
      Objects.requireNonNull(scheme, "scheme");
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(port, "port");
    }
  }

  /** Rewrites the Host and/or the path sent to the backend. */
  record UrlRewrite(Optional<String> hostname, Optional<PathModifier> path)
      implements HttpFilterSpec {
    public UrlRewrite {
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Sends a copy of the request to another backend, fire-and-forget; its response is discarded.
   *
   * @param backend where the copy goes
   * @param numerator with {@code denominator}, the share of requests mirrored (1/1 = all)
   * @param denominator greater than zero
   */
  record RequestMirror(Backend backend, int numerator, int denominator) implements HttpFilterSpec {
    public RequestMirror {
      Objects.requireNonNull(backend, "backend");
      if (denominator <= 0 || numerator < 0 || numerator > denominator) {
        throw new IllegalArgumentException(
            "mirror fraction: "
                + numerator
                + "/"
                + denominator
                + " (expected: 0 <= n <= d, d > 0)");
      }
    }
  }

  /**
   * Cross-origin resource sharing ({@code HTTPCORSFilter}): preflight requests ({@code OPTIONS}
   * with {@code Origin} and {@code Access-Control-Request-Method}) are answered by the gateway and
   * never forwarded; other requests from an allowed origin get the {@code Access-Control-*}
   * response headers.
   *
   * @param allowOrigins allowed origins: exact ({@code https://a.example}), wildcard host ({@code
   *     https://*.example}) or {@code *}
   * @param allowMethods allowed methods, or {@code *}
   * @param allowHeaders allowed request headers, or {@code *}
   * @param exposeHeaders response headers the browser may read, or {@code *}
   * @param allowCredentials whether credentials are allowed (then {@code *} is echoed as the value)
   * @param maxAge how long a preflight answer may be cached; empty means the default (5 s)
   */
  record Cors(
      List<String> allowOrigins,
      List<String> allowMethods,
      List<String> allowHeaders,
      List<String> exposeHeaders,
      boolean allowCredentials,
      Optional<Duration> maxAge)
      implements HttpFilterSpec {
    public Cors {
      allowOrigins = List.copyOf(allowOrigins);
      allowMethods = List.copyOf(allowMethods);
      allowHeaders = List.copyOf(allowHeaders);
      exposeHeaders = List.copyOf(exposeHeaders);
      Objects.requireNonNull(maxAge, "maxAge");
    }
  }
}
