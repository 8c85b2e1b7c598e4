package dev.sluice.proxy.filter;

import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.HttpHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The compiled form of an {@link HttpFilterSpec.Cors}: decides which origins are allowed and which
 * {@code Access-Control-*} headers answer a preflight or decorate a response. Immutable and
 * thread-safe; built once per snapshot.
 */
final class CorsPolicy {

  private static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(5);

  private final List<String> exactOrigins = new ArrayList<>();
  private final List<String[]> wildcardOrigins = new ArrayList<>(); // {scheme://, .suffix}
  private final boolean anyOrigin;
  private final List<String> methods;
  private final List<String> headers;
  private final List<String> exposeHeaders;
  private final boolean credentials;
  private final Duration maxAge;

  CorsPolicy(HttpFilterSpec.Cors spec) {
    boolean any = false;
    for (String origin : spec.allowOrigins()) {
      String lower = origin.toLowerCase(Locale.ROOT);
      int star = lower.indexOf("://*.");
      if (lower.equals("*")) {
        any = true;
      } else if (star >= 0) {
        wildcardOrigins.add(new String[] {lower.substring(0, star + 3), lower.substring(star + 4)});
      } else if (lower.startsWith("*.")) {
        // No scheme: any scheme.
        wildcardOrigins.add(new String[] {"", lower.substring(1)});
      } else {
        exactOrigins.add(lower);
      }
    }
    this.anyOrigin = any;
    this.methods = spec.allowMethods();
    this.headers = spec.allowHeaders();
    this.exposeHeaders = spec.exposeHeaders();
    this.credentials = spec.allowCredentials();
    this.maxAge = spec.maxAge().orElse(DEFAULT_MAX_AGE);
  }

  /** Whether {@code origin} (as the browser sent it) may make cross-origin requests. */
  boolean allows(String origin) {
    String lower = origin.toLowerCase(Locale.ROOT);
    if (anyOrigin || exactOrigins.contains(lower)) {
      return true;
    }
    for (String[] wildcard : wildcardOrigins) {
      // "*" stands for one or more labels: https://*.bar.com matches https://a.b.bar.com.
      if (matches(lower, wildcard[0], wildcard[1])) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String origin, String scheme, String suffix) {
    int host = scheme.isEmpty() ? origin.indexOf("://") + 3 : scheme.length();
    return host >= 3
        && origin.startsWith(scheme)
        && origin.endsWith(suffix)
        && origin.length() > host + suffix.length()
        && origin.charAt(host) != '.';
  }

  /**
   * The headers answering a preflight from an allowed {@code origin} that asked for {@code
   * requestedMethod} and {@code requestedHeaders} (the raw {@code Access-Control-Request-*}
   * values).
   */
  List<HttpHeader> preflight(
      String origin, Optional<String> requestedMethod, Optional<String> requestedHeaders) {
    List<HttpHeader> answer = new ArrayList<>(common(origin));
    allowed(methods, requestedMethod)
        .ifPresent(v -> answer.add(new HttpHeader("Access-Control-Allow-Methods", v)));
    allowed(headers, requestedHeaders)
        .ifPresent(v -> answer.add(new HttpHeader("Access-Control-Allow-Headers", v)));
    expose().ifPresent(answer::add);
    answer.add(new HttpHeader("Access-Control-Max-Age", Long.toString(maxAge.toSeconds())));
    return answer;
  }

  /** The headers added to an actual (non-preflight) response for an allowed {@code origin}. */
  List<HttpHeader> response(String origin) {
    List<HttpHeader> answer = new ArrayList<>(common(origin));
    expose().ifPresent(answer::add);
    return answer;
  }

  /**
   * The value listing {@code configured}: with credentials a literal {@code *} is not a wildcard
   * for browsers, so what was requested is echoed instead; empty when there is nothing to allow.
   */
  private Optional<String> allowed(List<String> configured, Optional<String> requested) {
    if (configured.contains("*")) {
      return credentials ? requested.filter(r -> !r.isBlank()) : Optional.of("*");
    }
    return configured.isEmpty() ? Optional.empty() : Optional.of(String.join(",", configured));
  }

  private Optional<HttpHeader> expose() {
    return exposeHeaders.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new HttpHeader("Access-Control-Expose-Headers", String.join(",", exposeHeaders)));
  }

  private List<HttpHeader> common(String origin) {
    List<HttpHeader> answer = new ArrayList<>(2);
    // Echo the origin rather than "*": it is always correct, and required with credentials.
    answer.add(new HttpHeader("Access-Control-Allow-Origin", origin));
    if (credentials) {
      answer.add(new HttpHeader("Access-Control-Allow-Credentials", "true"));
    }
    return answer;
  }
}
