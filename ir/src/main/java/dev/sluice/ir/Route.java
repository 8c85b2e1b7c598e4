package dev.sluice.ir;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One match of one route rule, with what to do for a request it matches.
 *
 * <p>When {@code backends} is empty and no filter responds (a redirect), the request is answered
 * with 500, as the Gateway API requires.
 *
 * @param key where this route came from
 * @param hostnames the route hostnames intersected with the listener hostname, exact or wildcard
 *     ({@code *.example.com}); empty means every host the virtual host accepts
 * @param match the conditions a request must meet
 * @param filters the rule's filters, in order
 * @param backends the rule's weighted backends; empty when the rule only redirects or has none
 * @param timeouts the rule's timeouts
 * @param retry when to retry, if at all
 */
public record Route(
    RouteKey key,
    List<String> hostnames,
    RouteMatch match,
    List<HttpFilterSpec> filters,
    List<BackendRef> backends,
    RouteTimeouts timeouts,
    Optional<RetryPolicy> retry) {

  public Route {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(match, "match");
    hostnames = List.copyOf(hostnames);
    filters = List.copyOf(filters);
    backends = List.copyOf(backends);
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(retry, "retry");
  }

  /** A route without timeouts or retries. */
  public Route(
      RouteKey key,
      List<String> hostnames,
      RouteMatch match,
      List<HttpFilterSpec> filters,
      List<BackendRef> backends) {
    this(key, hostnames, match, filters, backends, RouteTimeouts.NONE, Optional.empty());
  }
}
