package dev.sluice.translate;

import dev.sluice.ir.CertificateKeyPair;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SecretObjectReference;
import java.util.Optional;

/**
 * The client certificate a Gateway presents to TLS backends ({@code
 * spec.tls.backend.clientCertificateRef}), and the Gateway-level {@code ResolvedRefs} condition it
 * decides. A bad reference does not reject the Gateway; backends are then reached without a client
 * certificate. Immutable.
 *
 * @param certificate the resolved certificate, if configured and valid
 * @param resolvedRefs the Gateway {@code ResolvedRefs} condition; empty when nothing is configured
 */
record GatewayBackendCertificate(
    Optional<CertificateKeyPair> certificate, Optional<Outcome> resolvedRefs) {

  static final String FIELD = "spec.tls.backend.clientCertificateRef";
  static final GatewayBackendCertificate NONE =
      new GatewayBackendCertificate(Optional.empty(), Optional.empty());

  static GatewayBackendCertificate resolve(Gateway gateway, TlsReferences refs, Problems problems) {
    Optional<SecretObjectReference> ref =
        Optional.ofNullable(gateway.getSpec().getTls())
            .map(t -> t.getBackend())
            .map(b -> b.getClientCertificateRef());
    if (ref.isEmpty()) {
      return NONE;
    }
    String namespace = gateway.getMetadata().getNamespace();
    return switch (refs.keyPair(
        ListenerTlsResolver.target(ref.get(), namespace), ReferenceGrants.GATEWAY, namespace)) {
      case RefResult.Ok<CertificateKeyPair> ok ->
          new GatewayBackendCertificate(
              Optional.of(ok.value()),
              Optional.of(
                  Outcome.ok(
                      Conditions.RESOLVED_REFS,
                      Conditions.RESOLVED_REFS,
                      "backend client certificate " + ok.value().name() + " is resolved")));
      case RefResult.Failed<CertificateKeyPair> failed -> {
        problems.error(gateway, FIELD, failed.message());
        String reason =
            failed.failure() == RefResult.Failure.NOT_PERMITTED
                ? Conditions.REF_NOT_PERMITTED
                : Conditions.INVALID_CLIENT_CERTIFICATE_REF;
        yield new GatewayBackendCertificate(
            Optional.empty(),
            Optional.of(Outcome.fail(Conditions.RESOLVED_REFS, reason, failed.message())));
      }
    };
  }
}
