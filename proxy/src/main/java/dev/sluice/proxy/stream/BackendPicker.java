package dev.sluice.proxy.stream;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.StreamRoute;
import dev.sluice.ir.UpstreamTls;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the endpoint for a new connection or UDP session: a backend of the route in proportion to
 * the weights (weight 0 never), then one of its endpoints at random. Stateless and thread-safe.
 *
 * <p>As the Gateway API requires, a choice that lands on an invalid backend or on a Service without
 * endpoints is a failure for that connection; the other backends are not tried instead, so that the
 * configured share of connections fails.
 */
final class BackendPicker {

  private static final Logger log = LoggerFactory.getLogger(BackendPicker.class);

  private BackendPicker() {}

  /**
   * Where a TCP connection goes: the endpoint, and the backend's TLS settings when the gateway must
   * originate TLS to it.
   */
  record Target(Endpoint endpoint, Optional<UpstreamTls> tls) {}

  /** The endpoint to connect to, or empty when this connection must be refused. */
  static Optional<Endpoint> pick(StreamRoute route) {
    return pickTarget(route).map(Target::endpoint);
  }

  /** The endpoint and TLS settings to connect with, or empty when this connection is refused. */
  static Optional<Target> pickTarget(StreamRoute route) {
    Optional<Backend> backend = chooseBackend(route.backends());
    if (backend.isEmpty()) {
      log.debug("{}: no backend with a weight above 0", route.key());
      return Optional.empty();
    }
    return switch (backend.get()) {
      case Backend.Invalid invalid -> {
        log.debug("{}: invalid backend chosen: {}", route.key(), invalid.reason());
        yield Optional.empty();
      }
      case Backend.Service service -> pickEndpoint(route, service);
    };
  }

  private static Optional<Target> pickEndpoint(StreamRoute route, Backend.Service service) {
    List<Endpoint> endpoints = service.endpoints();
    if (endpoints.isEmpty()) {
      log.debug("{}: service {} has no endpoints", route.key(), service.name());
      return Optional.empty();
    }
    Endpoint endpoint = endpoints.get(ThreadLocalRandom.current().nextInt(endpoints.size()));
    return Optional.of(new Target(endpoint, service.tls()));
  }

  /** A backend drawn in proportion to the weights; empty when they sum to 0. */
  static Optional<Backend> chooseBackend(List<BackendRef> refs) {
    long total = 0;
    for (BackendRef ref : refs) {
      total += ref.weight();
    }
    if (total == 0) {
      return Optional.empty();
    }
    long ticket = ThreadLocalRandom.current().nextLong(total);
    for (BackendRef ref : refs) {
      ticket -= ref.weight();
      if (ticket < 0) {
        return Optional.of(ref.backend());
      }
    }
    throw new IllegalStateException("ticket beyond the total weight " + total);
  }
}
