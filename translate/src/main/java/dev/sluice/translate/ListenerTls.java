package dev.sluice.translate;

import dev.sluice.ir.TlsTermination;
import java.util.Optional;

/**
 * What a listener's TLS settings resolved to. Immutable.
 *
 * @param termination the certificates and client validation, when the listener terminates TLS and
 *     everything needed resolved
 * @param unresolved {@code ResolvedRefs=False} when a certificate or CA reference failed
 * @param rejection {@code Accepted=False} when the listener cannot be served as configured (no
 *     valid CA certificate for client validation, an unknown validation mode)
 */
record ListenerTls(
    Optional<TlsTermination> termination,
    Optional<Outcome> unresolved,
    Optional<Outcome> rejection) {

  static final ListenerTls NONE =
      new ListenerTls(Optional.empty(), Optional.empty(), Optional.empty());
}
