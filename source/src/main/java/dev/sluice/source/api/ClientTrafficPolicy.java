package dev.sluice.source.api;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyStatusBuilder;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A {@code gateway.sluice.dev/v1alpha1 ClientTrafficPolicy}: what the listeners of a Gateway (or
 * one listener, by {@code sectionName}) tolerate from clients. Attached by Gateway API policy
 * attachment ({@code spec.targetRefs}); its status is a Gateway API {@link PolicyStatus}.
 *
 * <p>Shaped like a Kubernetes custom resource so that it binds from YAML and writes back like the
 * fabric8 model classes. Mutable like them while a source fills it in (the folder source sets the
 * apiVersion and metadata defaults); immutable by convention once it is in a {@code ResourceSet}.
 * Writers of status use {@link #withStatus}, which returns a copy.
 */
@JsonAutoDetect(
    fieldVisibility = Visibility.ANY,
    getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE,
    setterVisibility = Visibility.NONE)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
// HasMetadata carries fabric8's polymorphic deserializer, which would yield a generic resource.
@JsonDeserialize(using = ValueDeserializer.None.class)
public final class ClientTrafficPolicy implements HasMetadata, Namespaced {

  /** The API group of Sluice's own kinds. */
  public static final String GROUP = "gateway.sluice.dev";

  /** The only apiVersion this kind is served under. */
  public static final String API_VERSION = GROUP + "/v1alpha1";

  /** The kind. */
  public static final String KIND = "ClientTrafficPolicy";

  private static final long serialVersionUID = 1L;

  private String apiVersion = API_VERSION;
  private String kind = KIND;
  private ObjectMeta metadata;
  private ClientTrafficPolicySpec spec;
  private PolicyStatus status;

  /** An empty policy, for Jackson. */
  public ClientTrafficPolicy() {}

  /** A policy with the given metadata and spec, without status. */
  public ClientTrafficPolicy(ObjectMeta metadata, ClientTrafficPolicySpec spec) {
    this.metadata = metadata;
    this.spec = spec;
  }

  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }

  /** The spec; empty when the document has none. */
  public Optional<ClientTrafficPolicySpec> spec() {
    return Optional.ofNullable(spec);
  }

  /** The status; empty until a translator has written one. */
  public Optional<PolicyStatus> status() {
    return Optional.ofNullable(status);
  }

  /** A copy of this policy (metadata copied, spec shared: it is immutable) with {@code status}. */
  public ClientTrafficPolicy withStatus(PolicyStatus status) {
    ClientTrafficPolicy copy =
        new ClientTrafficPolicy(
            metadata == null ? null : new ObjectMetaBuilder(metadata).build(), spec);
    copy.apiVersion = apiVersion;
    copy.kind = kind;
    copy.status = new PolicyStatusBuilder(Objects.requireNonNull(status, "status")).build();
    return copy;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClientTrafficPolicy that
        && Objects.equals(apiVersion, that.apiVersion)
        && Objects.equals(kind, that.kind)
        && Objects.equals(metadata, that.metadata)
        && Objects.equals(spec, that.spec)
        && Objects.equals(status, that.status);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, kind, metadata, spec, status);
  }

  @Override
  public String toString() {
    return "ClientTrafficPolicy(apiVersion=%s, metadata=%s, spec=%s, status=%s)"
        .formatted(apiVersion, metadata, spec, status);
  }
}
