package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The object that declares a listener: its Gateway, or a ListenerSet attached to that Gateway. The
 * owner's namespace is the "Same" namespace of the listener's {@code allowedRoutes} and the default
 * namespace of its certificate references, which a ReferenceGrant must allow from the owner's kind.
 * Problems are reported on the owner. Immutable.
 *
 * @param object the Gateway or ListenerSet
 * @param kind the owner's group and kind, as ReferenceGrants name it in {@code from}
 */
record ListenerOwner(HasMetadata object, ReferenceGrants.Kind kind) {

  static final ReferenceGrants.Kind LISTENER_SET =
      new ReferenceGrants.Kind(Translator.GATEWAY_GROUP, ListenerSets.KIND);

  String namespace() {
    return object.getMetadata().getNamespace();
  }

  String name() {
    return object.getMetadata().getName();
  }

  boolean isListenerSet() {
    return kind.equals(LISTENER_SET);
  }

  @Override
  public String toString() {
    return kind.kind() + " " + namespace() + "/" + name();
  }
}
