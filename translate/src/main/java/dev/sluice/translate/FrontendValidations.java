package dev.sluice.translate;

import dev.sluice.ir.ClientValidation;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.FrontendTLSConfig;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.FrontendTLSValidation;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ObjectReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSConfig;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSPortConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Frontend client-certificate validation of a Gateway ({@code spec.tls.frontend}): the {@code
 * perPort} entry for a listener's port overrides {@code default}. Resolves the CA references into a
 * {@link ClientValidation}. Stateless.
 */
final class FrontendValidations {

  static final String ALLOW_VALID_ONLY = "AllowValidOnly";
  static final String ALLOW_INSECURE_FALLBACK = "AllowInsecureFallback";
  static final String INSECURE_MODE_CONDITION = "InsecureFrontendValidationMode";

  /** A validation config with the field it was read from. */
  record Config(FrontendTLSValidation validation, String field) {}

  /** The outcome of resolving one config. */
  record Resolved(
      Optional<ClientValidation> validation,
      Optional<Outcome> unresolved,
      Optional<Outcome> rejection) {}

  private FrontendValidations() {}

  /** The validation that applies to listeners on {@code port}, if any. */
  static Optional<Config> forPort(Gateway gateway, int port) {
    Optional<FrontendTLSConfig> frontend = frontend(gateway);
    List<TLSPortConfig> perPort = frontend.map(FrontendTLSConfig::getPerPort).orElse(List.of());
    for (int i = 0; i < perPort.size(); i++) {
      TLSPortConfig entry = perPort.get(i);
      if (entry != null && Objects.equals(entry.getPort(), port)) {
        return validation(entry.getTls(), "spec.tls.frontend.perPort[" + i + "].tls.validation");
      }
    }
    return frontend.flatMap(
        f -> validation(f.getDefault(), "spec.tls.frontend.default.validation"));
  }

  /** Whether any validation of the Gateway lets clients without a valid certificate in. */
  static boolean insecureFallback(Gateway gateway) {
    Optional<FrontendTLSConfig> frontend = frontend(gateway);
    Stream<TLSConfig> configs =
        Stream.concat(
            frontend.map(FrontendTLSConfig::getDefault).stream(),
            frontend.map(FrontendTLSConfig::getPerPort).orElse(List.of()).stream()
                .filter(Objects::nonNull)
                .map(TLSPortConfig::getTls));
    return configs
        .filter(c -> c != null && c.getValidation() != null)
        .anyMatch(c -> ALLOW_INSECURE_FALLBACK.equals(c.getValidation().getMode()));
  }

  static Resolved resolve(
      Config config,
      String gatewayNamespace,
      TlsReferences refs,
      List<RouteIssues.Issue> problems) {
    String mode = Objects.requireNonNullElse(config.validation().getMode(), ALLOW_VALID_ONLY);
    if (!mode.equals(ALLOW_VALID_ONLY) && !mode.equals(ALLOW_INSECURE_FALLBACK)) {
      String message = "mode '" + mode + "' (expected: AllowValidOnly or AllowInsecureFallback)";
      problems.add(new RouteIssues.Issue(config.field() + ".mode", "", message));
      return new Resolved(
          Optional.empty(),
          Optional.empty(),
          Optional.of(Outcome.fail(Conditions.ACCEPTED, Conditions.UNSUPPORTED_VALUE, message)));
    }
    List<ObjectReference> caRefs =
        Objects.requireNonNullElse(config.validation().getCaCertificateRefs(), List.of());
    List<String> cas = new ArrayList<>();
    Optional<Outcome> unresolved = Optional.empty();
    for (int i = 0; i < caRefs.size(); i++) {
      ObjectReference ref = caRefs.get(i);
      TlsReferences.Target target =
          new TlsReferences.Target(
              Objects.requireNonNullElse(ref.getGroup(), ""),
              Objects.requireNonNullElse(ref.getKind(), ""),
              Objects.requireNonNullElse(ref.getNamespace(), gatewayNamespace),
              Objects.requireNonNullElse(ref.getName(), ""));
      switch (refs.caBundle(target, ReferenceGrants.GATEWAY, gatewayNamespace)) {
        case RefResult.Ok<List<String>> ok -> cas.addAll(ok.value());
        case RefResult.Failed<List<String>> failed -> {
          String message = failed.message();
          problems.add(
              new RouteIssues.Issue(config.field() + ".caCertificateRefs[" + i + "]", "", message));
          if (unresolved.isEmpty()) {
            unresolved =
                Optional.of(Outcome.fail(Conditions.RESOLVED_REFS, reason(failed), message));
          }
        }
      }
    }
    if (cas.isEmpty()) {
      String message =
          "no valid CA certificate for client validation"
              + unresolved.map(u -> ": " + u.message()).orElse(" (caCertificateRefs is empty)");
      return new Resolved(
          Optional.empty(),
          unresolved,
          Optional.of(
              Outcome.fail(Conditions.ACCEPTED, Conditions.NO_VALID_CA_CERTIFICATE, message)));
    }
    ClientValidation.Mode irMode =
        mode.equals(ALLOW_VALID_ONLY)
            ? ClientValidation.Mode.ALLOW_VALID_ONLY
            : ClientValidation.Mode.ALLOW_INSECURE_FALLBACK;
    return new Resolved(
        Optional.of(new ClientValidation(cas, irMode)), unresolved, Optional.empty());
  }

  private static String reason(RefResult.Failed<?> failed) {
    return switch (failed.failure()) {
      case KIND -> Conditions.INVALID_CA_CERTIFICATE_KIND;
      case NOT_PERMITTED -> Conditions.REF_NOT_PERMITTED;
      case INVALID -> Conditions.INVALID_CA_CERTIFICATE_REF;
    };
  }

  private static Optional<Config> validation(TLSConfig tls, String field) {
    return Optional.ofNullable(tls).map(TLSConfig::getValidation).map(v -> new Config(v, field));
  }

  private static Optional<FrontendTLSConfig> frontend(Gateway gateway) {
    return Optional.ofNullable(gateway.getSpec().getTls()).map(t -> t.getFrontend());
  }
}
