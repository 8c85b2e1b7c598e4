package dev.sluice.ir;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Route rule timeouts ({@code HTTPRouteRule.timeouts}). A timed-out request is answered with 504.
 *
 * @param request the whole exchange, from the request head arriving to the last response byte,
 *     retries included; empty means no limit
 * @param backendRequest one attempt to a backend, from sending the request to the last response
 *     byte; empty means no limit
 */
public record RouteTimeouts(Optional<Duration> request, Optional<Duration> backendRequest) {

  public static final RouteTimeouts NONE = new RouteTimeouts(Optional.empty(), Optional.empty());

  public RouteTimeouts {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(backendRequest, "backendRequest");
  }
}
