package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrantFrom;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrantTo;
import java.util.List;
import java.util.Objects;

/**
 * Answers whether a ReferenceGrant allows a reference from one namespace into another. A grant
 * lives in the target's namespace; an unset {@code to.name} allows every object of the kind.
 * Immutable.
 */
final class ReferenceGrants {

  /**
   * One side of a reference.
   *
   * @param group API group, {@code ""} for the core group
   */
  record Kind(String group, String kind) {}

  static final Kind HTTP_ROUTE = new Kind(Translator.GATEWAY_GROUP, "HTTPRoute");
  static final Kind GATEWAY = new Kind(Translator.GATEWAY_GROUP, "Gateway");
  static final Kind SERVICE = new Kind("", "Service");

  private final List<ReferenceGrant> grants;

  ReferenceGrants(List<ReferenceGrant> grants) {
    this.grants = List.copyOf(grants);
  }

  /** Whether an object of {@code from} in {@code fromNamespace} may refer to the target. */
  boolean permits(Kind from, String fromNamespace, Kind to, String toNamespace, String toName) {
    return grants.stream()
        .filter(g -> toNamespace.equals(g.getMetadata().getNamespace()) && g.getSpec() != null)
        .anyMatch(
            g ->
                nonNull(g.getSpec().getFrom()).stream()
                        .anyMatch(f -> allowsFrom(f, from, fromNamespace))
                    && nonNull(g.getSpec().getTo()).stream()
                        .anyMatch(t -> allowsTo(t, to, toName)));
  }

  private static boolean allowsFrom(ReferenceGrantFrom from, Kind kind, String namespace) {
    return group(from.getGroup()).equals(kind.group())
        && kind.kind().equals(from.getKind())
        && namespace.equals(from.getNamespace());
  }

  private static boolean allowsTo(ReferenceGrantTo to, Kind kind, String name) {
    boolean anyName = to.getName() == null || to.getName().isEmpty();
    return group(to.getGroup()).equals(kind.group())
        && kind.kind().equals(to.getKind())
        && (anyName || to.getName().equals(name));
  }

  private static String group(String group) {
    return Objects.requireNonNullElse(group, "");
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
