package dev.sluice.bench;

import dev.sluice.proxy.routing.RoutableRequest;
import java.util.Map;
import java.util.Optional;

/**
 * A request view with fixed values, standing in for the data plane's parsed request head.
 * Immutable.
 *
 * @param host the normalised host
 * @param method the method
 * @param path the path without query
 * @param headers lower-case header names to values
 */
record SimpleRequest(String host, String method, String path, Map<String, String> headers)
    implements RoutableRequest {

  @Override
  public Optional<String> firstHeader(String lowerCaseName) {
    return Optional.ofNullable(headers.get(lowerCaseName));
  }

  @Override
  public Optional<String> firstQueryParam(String name) {
    return Optional.empty();
  }
}
