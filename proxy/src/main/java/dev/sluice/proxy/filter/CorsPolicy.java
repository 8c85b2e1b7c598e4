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
      if (lower.startsWith(wildcard[0])
          && lower.endsWith(wildcard[1])
          && lower.length() > wildcard[0].length() + wildcard[1].length()) {
        return true;
      }
    }
    return false;
  }

  /** The headers answering a preflight from an allowed {@code origin}. */
  List<HttpHeader> preflight(String origin, Optional<String> requestedHeaders) {
    List<HttpHeader> answer = new ArrayList<>(common(origin));
    answer.add(new HttpHeader("Access-Control-Allow-Methods", String.join(",", methods)));
    List<String> allowed = headers;
    if (headers.contains("*") && credentials && requestedHeaders.isPresent()) {
      // With credentials a literal "*" is not a wildcard for browsers: echo what was asked.
      allowed = List.of(requestedHeaders.get());
    }
    if (!allowed.isEmpty()) {
      answer.add(new HttpHeader("Access-Control-Allow-Headers", String.join(",", allowed)));
    }
    answer.add(new HttpHeader("Access-Control-Max-Age", Long.toString(maxAge.toSeconds())));
    return answer;
  }

  /** The headers added to an actual (non-preflight) response for an allowed {@code origin}. */
  List<HttpHeader> response(String origin) {
    List<HttpHeader> answer = new ArrayList<>(common(origin));
    if (!exposeHeaders.isEmpty()) {
      answer.add(new HttpHeader("Access-Control-Expose-Headers", String.join(",", exposeHeaders)));
    }
    return answer;
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
