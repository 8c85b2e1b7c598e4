package dev.sluice.translate;

import dev.sluice.ir.UpstreamTls;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicyValidation;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalObjectReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SubjectAltName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks one BackendTLSPolicy on its own ({@code spec.validation}) and builds the {@link
 * UpstreamTls} it asks for. Conflicts between policies are decided by {@link BackendTlsPolicies}.
 * Stateless.
 */
final class BackendTlsPolicyEvaluator {

  static final ReferenceGrants.Kind KIND =
      new ReferenceGrants.Kind(Translator.GATEWAY_GROUP, "BackendTLSPolicy");
  static final String INVALID = "Invalid";

  /**
   * A policy on its own.
   *
   * @param tls the upstream TLS, when the policy is valid
   * @param invalid {@code Accepted=False} when it is not
   * @param resolvedRefs the policy's {@code ResolvedRefs} condition
   */
  record Evaluated(Optional<UpstreamTls> tls, Optional<Outcome> invalid, Outcome resolvedRefs) {}

  private BackendTlsPolicyEvaluator() {}

  static Evaluated evaluate(BackendTLSPolicy policy, TlsReferences refs, Problems problems) {
    BackendTLSPolicyValidation validation =
        policy.getSpec() == null ? null : policy.getSpec().getValidation();
    if (validation == null) {
      return invalid(policy, problems, "spec.validation", "spec.validation is required");
    }
    String hostname = validation.getHostname();
    Optional<String> badHostname =
        hostname == null
            ? Optional.of("hostname is required")
            : Hostnames.validate(hostname)
                .or(
                    () ->
                        Hostnames.isWildcard(hostname)
                            ? Optional.of("hostname '" + hostname + "' must not be a wildcard")
                            : Optional.empty());
    if (badHostname.isPresent()) {
      return invalid(policy, problems, "spec.validation.hostname", badHostname.get());
    }
    List<LocalObjectReference> caRefs =
        Objects.requireNonNullElse(validation.getCaCertificateRefs(), List.of());
    String wellKnown = validation.getWellKnownCACertificates();
    if (caRefs.isEmpty() == (wellKnown == null)) {
      return invalid(
          policy,
          problems,
          "spec.validation",
          "exactly one of caCertificateRefs and wellKnownCACertificates must be set");
    }
    if (wellKnown != null && !wellKnown.equals("System")) {
      return invalid(
          policy,
          problems,
          "spec.validation.wellKnownCACertificates",
          "wellKnownCACertificates '" + wellKnown + "' (expected: System)");
    }
    List<UpstreamTls.SubjectAltName> sans = new ArrayList<>();
    Optional<String> badSan = subjectAltNames(validation.getSubjectAltNames(), sans);
    if (badSan.isPresent()) {
      return invalid(policy, problems, "spec.validation.subjectAltNames", badSan.get());
    }
    return withCertificates(policy, hostname, caRefs, sans, refs, problems);
  }

  private static Evaluated withCertificates(
      BackendTLSPolicy policy,
      String hostname,
      List<LocalObjectReference> caRefs,
      List<UpstreamTls.SubjectAltName> sans,
      TlsReferences refs,
      Problems problems) {
    String namespace = policy.getMetadata().getNamespace();
    List<String> cas = new ArrayList<>();
    Optional<Outcome> unresolved = Optional.empty();
    for (int i = 0; i < caRefs.size(); i++) {
      LocalObjectReference ref = caRefs.get(i);
      TlsReferences.Target target =
          new TlsReferences.Target(
              Objects.requireNonNullElse(ref.getGroup(), ""),
              Objects.requireNonNullElse(ref.getKind(), ""),
              namespace,
              Objects.requireNonNullElse(ref.getName(), ""));
      switch (refs.caBundle(target, KIND, namespace)) {
        case RefResult.Ok<List<String>> ok -> cas.addAll(ok.value());
        case RefResult.Failed<List<String>> failed -> {
          problems.error(policy, "spec.validation.caCertificateRefs[" + i + "]", failed.message());
          String reason =
              failed.failure() == RefResult.Failure.KIND
                  ? Conditions.INVALID_KIND
                  : Conditions.INVALID_CA_CERTIFICATE_REF;
          unresolved =
              unresolved.or(
                  () ->
                      Optional.of(
                          Outcome.fail(Conditions.RESOLVED_REFS, reason, failed.message())));
        }
      }
    }
    Outcome resolvedRefs = unresolved.orElse(resolved());
    if (!caRefs.isEmpty() && cas.isEmpty()) {
      return new Evaluated(
          Optional.empty(),
          Optional.of(
              Outcome.fail(
                  Conditions.ACCEPTED,
                  Conditions.NO_VALID_CA_CERTIFICATE,
                  "no valid CA certificate: " + resolvedRefs.message())),
          resolvedRefs);
    }
    return new Evaluated(
        Optional.of(new UpstreamTls(hostname, cas, sans, Optional.empty())),
        Optional.empty(),
        resolvedRefs);
  }

  private static Optional<String> subjectAltNames(
      List<SubjectAltName> specs, List<UpstreamTls.SubjectAltName> into) {
    for (int i = 0; specs != null && i < specs.size(); i++) {
      SubjectAltName san = specs.get(i);
      String type = String.valueOf(san.getType());
      String value = type.equals("Hostname") ? san.getHostname() : san.getUri();
      if (!type.equals("Hostname") && !type.equals("URI")) {
        return Optional.of("[" + i + "].type '" + type + "' (expected: Hostname or URI)");
      }
      if (value == null || value.isEmpty()) {
        return Optional.of(
            "[" + i + "]: " + (type.equals("URI") ? "uri" : "hostname") + " is required");
      }
      into.add(
          new UpstreamTls.SubjectAltName(
              type.equals("URI")
                  ? UpstreamTls.SubjectAltName.Type.URI
                  : UpstreamTls.SubjectAltName.Type.HOSTNAME,
              value));
    }
    return Optional.empty();
  }

  private static Evaluated invalid(
      BackendTLSPolicy policy, Problems problems, String field, String message) {
    problems.error(policy, field, message);
    return new Evaluated(
        Optional.empty(),
        Optional.of(Outcome.fail(Conditions.ACCEPTED, INVALID, message)),
        resolved());
  }

  private static Outcome resolved() {
    return Outcome.ok(
        Conditions.RESOLVED_REFS, Conditions.RESOLVED_REFS, "all references are resolved");
  }
}
