package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * Condition types and reasons of the Gateway API, and the one place that turns an {@link Outcome}
 * into a Kubernetes {@link Condition}. Stateless.
 */
final class Conditions {

  static final String ACCEPTED = "Accepted";
  static final String PROGRAMMED = "Programmed";
  static final String RESOLVED_REFS = "ResolvedRefs";
  static final String CONFLICTED = "Conflicted";

  static final String INVALID = "Invalid";
  static final String INVALID_PARAMETERS = "InvalidParameters";
  static final String UNSUPPORTED_ADDRESS = "UnsupportedAddress";
  static final String LISTENERS_NOT_VALID = "ListenersNotValid";
  static final String UNSUPPORTED_PROTOCOL = "UnsupportedProtocol";
  static final String UNSUPPORTED_VALUE = "UnsupportedValue";
  static final String INVALID_ROUTE_KINDS = "InvalidRouteKinds";
  static final String HOSTNAME_CONFLICT = "HostnameConflict";
  static final String PROTOCOL_CONFLICT = "ProtocolConflict";
  static final String NO_CONFLICTS = "NoConflicts";
  static final String NO_MATCHING_PARENT = "NoMatchingParent";
  static final String NOT_ALLOWED_BY_LISTENERS = "NotAllowedByListeners";
  static final String NOT_ALLOWED = "NotAllowed";
  static final String PARENT_NOT_ACCEPTED = "ParentNotAccepted";
  static final String NO_MATCHING_LISTENER_HOSTNAME = "NoMatchingListenerHostname";
  static final String INCOMPATIBLE_FILTERS = "IncompatibleFilters";
  static final String REF_NOT_PERMITTED = "RefNotPermitted";
  static final String BACKEND_NOT_FOUND = "BackendNotFound";
  static final String INVALID_KIND = "InvalidKind";
  static final String INVALID_CERTIFICATE_REF = "InvalidCertificateRef";
  static final String INVALID_CA_CERTIFICATE_REF = "InvalidCACertificateRef";
  static final String INVALID_CA_CERTIFICATE_KIND = "InvalidCACertificateKind";
  static final String NO_VALID_CA_CERTIFICATE = "NoValidCACertificate";
  static final String INVALID_CLIENT_CERTIFICATE_REF = "InvalidClientCertificateRef";
  static final String CONFIGURATION_CHANGED = "ConfigurationChanged";

  /**
   * Used when an object has no creationTimestamp: the translator may not read the clock, and
   * Kubernetes requires a lastTransitionTime.
   */
  static final String EPOCH = "1970-01-01T00:00:00Z";

  private Conditions() {}

  /**
   * Writes {@code outcome} as a condition of {@code object}: observedGeneration is the object's
   * generation, and lastTransitionTime its creationTimestamp, so that equal input gives equal
   * output (the status writer may keep an earlier time when nothing changed).
   */
  static Condition of(HasMetadata object, Outcome outcome) {
    ObjectMeta meta = object.getMetadata();
    String time = meta.getCreationTimestamp() == null ? EPOCH : meta.getCreationTimestamp();
    return new ConditionBuilder()
        .withType(outcome.type())
        .withStatus(outcome.status() ? "True" : "False")
        .withReason(outcome.reason())
        .withMessage(outcome.message())
        .withObservedGeneration(meta.getGeneration())
        .withLastTransitionTime(time)
        .build();
  }

  static List<Condition> of(HasMetadata object, List<Outcome> outcomes) {
    return outcomes.stream().map(o -> of(object, o)).toList();
  }
}
