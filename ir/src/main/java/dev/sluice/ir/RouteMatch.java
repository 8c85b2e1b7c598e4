package dev.sluice.ir;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The conditions of one HTTP route match; all must hold.
 *
 * @param path the path condition ({@code PathMatch.prefix("/")} when the config gave none)
 * @param method the HTTP method, upper case, if the match requires one
 * @param headers header conditions; names compare case-insensitively
 * @param queryParams query parameter conditions; names compare case-sensitively
 */
public record RouteMatch(
    PathMatch path,
    Optional<String> method,
    List<HeaderMatch> headers,
    List<QueryParamMatch> queryParams) {

  /** Matches every request. */
  public static final RouteMatch ANY =
      new RouteMatch(PathMatch.prefix("/"), Optional.empty(), List.of(), List.of());

  public RouteMatch {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(method, "method");
    headers = List.copyOf(headers);
    queryParams = List.copyOf(queryParams);
  }
}
