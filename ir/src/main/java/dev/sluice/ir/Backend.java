package dev.sluice.ir;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Where a request can be sent. */
public sealed interface Backend {

  /**
   * A service port resolved to its endpoints. No endpoints means 503 (no healthy upstream).
   *
   * @param name stable name, {@code namespace/service:port}
   * @param endpoints the ready addresses
   * @param protocol how to speak to it, from the Service port's {@code appProtocol}
   * @param tls TLS towards it, from a BackendTLSPolicy; empty means cleartext
   */
  record Service(
      String name, List<Endpoint> endpoints, UpstreamProtocol protocol, Optional<UpstreamTls> tls)
      implements Backend {
    public Service {
      Objects.requireNonNull(name, "name");
      endpoints = List.copyOf(endpoints);
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(tls, "tls");
    }

    /** A plain HTTP/1.1 backend without TLS. */
    public Service(String name, List<Endpoint> endpoints) {
      this(name, endpoints, UpstreamProtocol.HTTP1, Optional.empty());
    }
  }

  /**
   * A backend reference that could not be resolved (not found, not permitted, unsupported kind).
   * Requests sent to it are answered with 500, as the Gateway API requires.
   *
   * @param reason a short explanation, e.g. {@code service default/foo not found}
   */
  record Invalid(String reason) implements Backend {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
