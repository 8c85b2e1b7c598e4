package dev.sluice.translate;

import dev.sluice.ir.ClientLimits;
import dev.sluice.source.api.ClientTrafficPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One ClientTrafficPolicy during translation: its limits (when valid) and one status ancestor per
 * distinct target, each with the {@code Accepted} outcome decided so far. The first failure of an
 * ancestor sticks: an invalid policy is not also reported as conflicted. Mutable; confined to one
 * {@link Translator#translate} call.
 */
final class ClientTrafficPolicyAttachment {

  /** What a policy targets: a Gateway, or one of its listeners ({@code sectionName}, else ""). */
  record Target(String namespace, String gateway, String sectionName) {
    String describe() {
      return "Gateway "
          + namespace
          + "/"
          + gateway
          + (sectionName.isEmpty() ? "" : " listener " + sectionName);
    }
  }

  /** One ancestor entry; {@code target} is empty when the reference is not a usable target. */
  static final class Ancestor {
    private final ParentReference ref;
    private final Optional<Target> target;
    private Outcome accepted;

    Ancestor(ParentReference ref, Optional<Target> target, Outcome accepted) {
      this.ref = ref;
      this.target = target;
      this.accepted = accepted;
    }

    ParentReference ref() {
      return ref;
    }

    Optional<Target> target() {
      return target;
    }

    Outcome accepted() {
      return accepted;
    }

    /** Records a conflict unless the ancestor has already failed. */
    void conflicted(String message) {
      if (accepted.status()) {
        accepted = Outcome.fail(Conditions.ACCEPTED, Conditions.CONFLICTED, message);
      }
    }
  }

  private final ClientTrafficPolicy policy;
  private final Optional<ClientLimits> limits;
  private final List<Ancestor> ancestors = new ArrayList<>();

  ClientTrafficPolicyAttachment(ClientTrafficPolicy policy, Optional<ClientLimits> limits) {
    this.policy = policy;
    this.limits = limits;
  }

  ClientTrafficPolicy policy() {
    return policy;
  }

  /** The limits the policy sets, when it is valid. */
  Optional<ClientLimits> limits() {
    return limits;
  }

  String name() {
    return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
  }

  List<Ancestor> ancestors() {
    return ancestors;
  }

  /** Adds an ancestor unless one for the same reference exists; returns whether it was added. */
  boolean add(Ancestor ancestor) {
    if (ancestors.stream().anyMatch(a -> a.ref().equals(ancestor.ref()))) {
      return false;
    }
    ancestors.add(ancestor);
    return true;
  }

  /** The ancestor for {@code target}, which this policy must have. */
  Ancestor ancestor(Target target) {
    return ancestors.stream()
        .filter(a -> a.target().equals(Optional.of(target)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(name() + " does not target " + target));
  }
}
