package dev.sluice.proxy.routing;

import java.util.Optional;

/**
 * The parts of a request that routing reads. Implementations are per request and confined to the
 * thread handling that request.
 */
public interface RoutableRequest {

  /** The request host, lower case, without port ({@code [::1]} for an IPv6 literal). */
  String host();

  /** The method, e.g. {@code GET}. */
  String method();

  /** The path, without query, as sent by the client. */
  String path();

  /** The first value of a header; {@code lowerCaseName} is already lower case. */
  Optional<String> firstHeader(String lowerCaseName);

  /** The first value of a query parameter (name case-sensitive), percent-decoded. */
  Optional<String> firstQueryParam(String name);
}
