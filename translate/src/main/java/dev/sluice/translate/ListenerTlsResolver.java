package dev.sluice.translate;

import dev.sluice.ir.CertificateKeyPair;
import dev.sluice.ir.TlsTermination;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SecretObjectReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves the TLS of a listener that terminates it (HTTPS, TLS Terminate): its {@code
 * tls.certificateRefs} and the Gateway's frontend client validation for its port. Immutable after
 * construction.
 */
final class ListenerTlsResolver {

  private final TlsReferences refs;

  ListenerTlsResolver(TlsReferences refs) {
    this.refs = refs;
  }

  ListenerTls resolve(
      GatewayContext gateway,
      ListenerOwner owner,
      Listener spec,
      ListenerProtocols.Support support,
      String prefix,
      Problems problems) {
    if (!support.terminatesTls()) {
      return ListenerTls.NONE;
    }
    List<CertificateKeyPair> pairs = new ArrayList<>();
    Optional<Outcome> unresolved = certificates(owner, spec, prefix, pairs, problems);
    if (pairs.isEmpty() && unresolved.isEmpty()) {
      String message = "tls.certificateRefs is required for protocol " + spec.getProtocol();
      problems.error(owner.object(), prefix + "tls.certificateRefs", message);
      unresolved =
          Optional.of(
              Outcome.fail(Conditions.RESOLVED_REFS, Conditions.INVALID_CERTIFICATE_REF, message));
    }
    Optional<FrontendValidations.Resolved> validation =
        FrontendValidations.forPort(gateway.gateway(), spec.getPort() == null ? 0 : spec.getPort())
            .map(c -> resolveValidation(gateway, c, problems));
    Optional<Outcome> rejection = validation.flatMap(FrontendValidations.Resolved::rejection);
    if (unresolved.isEmpty()) {
      unresolved = validation.flatMap(FrontendValidations.Resolved::unresolved);
    }
    Optional<TlsTermination> termination =
        pairs.isEmpty() || rejection.isPresent()
            ? Optional.empty()
            : Optional.of(
                new TlsTermination(
                    pairs, validation.flatMap(FrontendValidations.Resolved::validation)));
    return new ListenerTls(termination, unresolved, rejection);
  }

  private FrontendValidations.Resolved resolveValidation(
      GatewayContext gateway, FrontendValidations.Config config, Problems problems) {
    List<RouteIssues.Issue> found = new ArrayList<>();
    FrontendValidations.Resolved resolved =
        FrontendValidations.resolve(config, gateway.namespace(), refs, found);
    found.forEach(i -> problems.error(gateway.gateway(), i.field(), i.message()));
    return resolved;
  }

  /** Adds the valid pairs to {@code into}; returns the first failure as ResolvedRefs=False. */
  private Optional<Outcome> certificates(
      ListenerOwner owner,
      Listener spec,
      String prefix,
      List<CertificateKeyPair> into,
      Problems problems) {
    List<SecretObjectReference> certRefs =
        spec.getTls() == null || spec.getTls().getCertificateRefs() == null
            ? List.of()
            : spec.getTls().getCertificateRefs();
    Optional<Outcome> unresolved = Optional.empty();
    for (int i = 0; i < certRefs.size(); i++) {
      SecretObjectReference ref = certRefs.get(i);
      switch (refs.keyPair(target(ref, owner.namespace()), owner.kind(), owner.namespace())) {
        case RefResult.Ok<CertificateKeyPair> ok -> into.add(ok.value());
        case RefResult.Failed<CertificateKeyPair> failed -> {
          problems.error(
              owner.object(), prefix + "tls.certificateRefs[" + i + "]", failed.message());
          if (unresolved.isEmpty()) {
            String reason =
                failed.failure() == RefResult.Failure.NOT_PERMITTED
                    ? Conditions.REF_NOT_PERMITTED
                    : Conditions.INVALID_CERTIFICATE_REF;
            unresolved =
                Optional.of(Outcome.fail(Conditions.RESOLVED_REFS, reason, failed.message()));
          }
        }
      }
    }
    return unresolved;
  }

  /** A Secret reference with the defaults: core group, kind Secret, the Gateway's namespace. */
  static TlsReferences.Target target(SecretObjectReference ref, String namespace) {
    return new TlsReferences.Target(
        Objects.requireNonNullElse(ref.getGroup(), ""),
        Objects.requireNonNullElse(ref.getKind(), "Secret"),
        Objects.requireNonNullElse(ref.getNamespace(), namespace),
        Objects.requireNonNullElse(ref.getName(), ""));
  }
}
