package dev.sluice.translate;

import dev.sluice.ir.HttpFilterSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPCORSFilter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates a {@code CORS} filter into {@link HttpFilterSpec.Cors}, checking what the API server's
 * schema would: origins are {@code *} or {@code scheme://host[:port]} (the host may start with
 * {@code *.}), methods are HTTP methods, a {@code *} entry stands alone, and {@code maxAge} is at
 * least 1 second (default 5, as the schema defaults it). A bad value makes the route not accepted
 * ({@code UnsupportedValue}). Stateless.
 */
final class CorsFilters {

  /** The {@code maxAge} the API server fills in when the field is absent. */
  static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(5);

  private static final Pattern ORIGIN =
      Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://(\\*\\.)?[a-zA-Z0-9.-]+(:[0-9]{1,5})?");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private CorsFilters() {}

  static HttpFilterSpec.Cors translate(HTTPCORSFilter spec, String field, RouteIssues issues) {
    List<String> origins = list(spec.getAllowOrigins(), field + ".allowOrigins", issues);
    origins.stream()
        .filter(o -> !o.equals("*") && !ORIGIN.matcher(o).matches())
        .forEach(o -> issues.unsupported(field + ".allowOrigins", badOrigin(o)));
    List<String> methods = list(spec.getAllowMethods(), field + ".allowMethods", issues);
    methods.stream()
        .filter(m -> !m.equals("*") && !METHODS.contains(m))
        .forEach(
            m ->
                issues.unsupported(
                    field + ".allowMethods",
                    "method '" + m + "' (expected: * or one of " + sorted(METHODS) + ")"));
    List<String> allowHeaders = headers(spec.getAllowHeaders(), field + ".allowHeaders", issues);
    List<String> exposeHeaders = headers(spec.getExposeHeaders(), field + ".exposeHeaders", issues);
    return new HttpFilterSpec.Cors(
        origins,
        methods,
        allowHeaders,
        exposeHeaders,
        Boolean.TRUE.equals(spec.getAllowCredentials()),
        Optional.of(maxAge(spec.getMaxAge(), field + ".maxAge", issues)));
  }

  private static List<String> headers(List<String> names, String field, RouteIssues issues) {
    List<String> result = list(names, field, issues);
    result.stream()
        .filter(h -> !TOKEN.matcher(h).matches())
        .forEach(h -> issues.unsupported(field, "'" + h + "' is not a header name"));
    return result;
  }

  /** The entries of {@code values}; a {@code *} must be the only one. */
  private static List<String> list(List<String> values, String field, RouteIssues issues) {
    List<String> result = values == null ? List.of() : List.copyOf(values);
    if (result.size() > 1 && result.contains("*")) {
      issues.unsupported(field, "'*' must be the only entry when present, got " + result);
    }
    return result;
  }

  private static Duration maxAge(Integer seconds, String field, RouteIssues issues) {
    if (seconds == null) {
      return DEFAULT_MAX_AGE;
    }
    if (seconds < 1) {
      issues.unsupported(field, "maxAge " + seconds + " (expected: at least 1 second)");
      return DEFAULT_MAX_AGE;
    }
    return Duration.ofSeconds(seconds);
  }

  private static String badOrigin(String origin) {
    return "origin '"
        + origin
        + "' (expected: * or scheme://host[:port], the host optionally starting with *.)";
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
