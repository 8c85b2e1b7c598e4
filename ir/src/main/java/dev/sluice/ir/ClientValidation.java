package dev.sluice.ir;

import java.util.List;
import java.util.Objects;

/**
 * Frontend client-certificate validation ({@code Gateway spec.tls.frontend}).
 *
 * @param caCertificatesPem the CA certificates a client certificate must chain to
 * @param mode whether a connection without a valid client certificate is refused
 */
public record ClientValidation(List<String> caCertificatesPem, Mode mode) {

  /** What happens to a client without a valid certificate. */
  public enum Mode {
    /** The handshake fails without a valid client certificate. */
    ALLOW_VALID_ONLY,
    /** A certificate is requested and checked when sent, but clients without one are served. */
    ALLOW_INSECURE_FALLBACK
  }

  public ClientValidation {
    caCertificatesPem = List.copyOf(caCertificatesPem);
    Objects.requireNonNull(mode, "mode");
  }
}
