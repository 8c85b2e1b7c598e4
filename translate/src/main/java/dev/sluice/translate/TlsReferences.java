package dev.sluice.translate;

import dev.sluice.identity.Pem;
import dev.sluice.identity.TlsContexts;
import dev.sluice.ir.CertificateKeyPair;
import dev.sluice.ir.PrivateKeyPem;
import dev.sluice.ir.TlsTermination;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Follows references to the Secrets and ConfigMaps that hold certificates: {@code
 * kubernetes.io/tls} Secrets ({@code tls.crt}, {@code tls.key}) and CA bundles ({@code ca.crt} of a
 * ConfigMap or Secret), checking kinds, ReferenceGrants, that the PEM parses and that a key belongs
 * to its certificate. Immutable after construction.
 */
final class TlsReferences {

  static final String TLS_SECRET_TYPE = "kubernetes.io/tls";
  static final String CA_KEY = "ca.crt";

  /** A reference with the Gateway API defaults applied ({@code group ""}, the given kind). */
  record Target(String group, String kind, String namespace, String name) {
    String describe() {
      return (group.isEmpty() ? "" : group + "/") + kind + " " + namespace + "/" + name;
    }

    boolean isCore(String coreKind) {
      return group.isEmpty() && kind.equals(coreKind);
    }
  }

  /** Answers of {@link #unusable}, by {@link #digest}; cleared when full. Thread-safe. */
  private static final Map<String, Optional<String>> CHECKED = new ConcurrentHashMap<>();

  private static final int CHECKED_LIMIT = 1024;

  private final Map<String, Secret> secrets;
  private final Map<String, ConfigMap> configMaps;
  private final ReferenceGrants grants;

  TlsReferences(List<Secret> secrets, List<ConfigMap> configMaps, ReferenceGrants grants) {
    this.secrets = index(secrets);
    this.configMaps = index(configMaps);
    this.grants = grants;
  }

  /** The certificate chain and key of a {@code kubernetes.io/tls} Secret. */
  RefResult<CertificateKeyPair> keyPair(
      Target target, ReferenceGrants.Kind from, String fromNamespace) {
    if (!target.isCore("Secret")) {
      return failed(
          RefResult.Failure.KIND,
          target.describe() + " is not supported (expected: a core Secret, group \"\")");
    }
    Optional<RefResult<CertificateKeyPair>> denied = denied(target, from, fromNamespace);
    if (denied.isPresent()) {
      return denied.get();
    }
    Secret secret = secrets.get(target.namespace() + "/" + target.name());
    if (secret == null) {
      return failed(RefResult.Failure.INVALID, "Secret " + key(target) + " not found");
    }
    if (!TLS_SECRET_TYPE.equals(secret.getType())) {
      return failed(
          RefResult.Failure.INVALID,
          "Secret "
              + key(target)
              + " has type "
              + secret.getType()
              + " (expected: "
              + TLS_SECRET_TYPE
              + ")");
    }
    Optional<String> chain = secretValue(secret, "tls.crt");
    Optional<String> key = secretValue(secret, "tls.key");
    Optional<String> problem =
        chain.isEmpty() || key.isEmpty()
            ? Optional.of("tls.crt and tls.key are required")
            : PemChecks.certificatesProblem(chain.get())
                .map(m -> "tls.crt: " + m)
                .or(() -> PemChecks.privateKeyProblem(key.get()).map(m -> "tls.key: " + m));
    if (problem.isPresent()) {
      return failed(RefResult.Failure.INVALID, "Secret " + key(target) + ": " + problem.get());
    }
    CertificateKeyPair pair =
        new CertificateKeyPair(key(target), chain.get(), new PrivateKeyPem(key.get()));
    Optional<String> unusable = unusable(pair);
    if (unusable.isPresent()) {
      return failed(RefResult.Failure.INVALID, "Secret " + key(target) + ": " + unusable.get());
    }
    return new RefResult.Ok<>(pair);
  }

  /**
   * Why the data plane would refuse to serve {@code pair} (a key that is not the certificate's, a
   * key type the TLS provider cannot use), or empty. Building the server context the data plane
   * builds keeps the two checks in agreement: a pair accepted here does not, on its own, fail the
   * snapshot there. That takes milliseconds per pair, and a reload mostly sees the Secrets of the
   * last one, so answers are remembered by digest (the same answer for the same pair: the
   * translation stays a pure function).
   */
  private static Optional<String> unusable(CertificateKeyPair pair) {
    String digest = digest(pair);
    Optional<String> known = CHECKED.get(digest);
    if (known != null) {
      return known;
    }
    Optional<String> answer;
    try {
      TlsContexts.server(new TlsTermination(List.of(pair), Optional.empty()), List.of());
      answer = Optional.empty();
    } catch (IllegalArgumentException e) {
      answer = Optional.of(e.getMessage());
    }
    if (CHECKED.size() >= CHECKED_LIMIT) {
      CHECKED.clear();
    }
    CHECKED.put(digest, answer);
    return answer;
  }

  /** SHA-256 of the pair's name, chain and key: the cache keeps no key material. */
  private static String digest(CertificateKeyPair pair) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part :
          List.of(pair.name(), pair.certificateChainPem(), pair.privateKey().pem())) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** The CA certificates in {@code ca.crt} of a core ConfigMap or Secret, one PEM each. */
  RefResult<List<String>> caBundle(Target target, ReferenceGrants.Kind from, String fromNamespace) {
    if (!target.isCore("ConfigMap") && !target.isCore("Secret")) {
      return failed(
          RefResult.Failure.KIND,
          target.describe() + " is not supported (expected: a core ConfigMap or Secret)");
    }
    Optional<RefResult<List<String>>> denied = denied(target, from, fromNamespace);
    if (denied.isPresent()) {
      return denied.get();
    }
    String id = target.kind() + " " + key(target);
    Optional<String> pem;
    if (target.kind().equals("ConfigMap")) {
      ConfigMap map = configMaps.get(key(target));
      if (map == null) {
        return failed(RefResult.Failure.INVALID, id + " not found");
      }
      pem = Optional.ofNullable(map.getData()).map(d -> d.get(CA_KEY));
    } else {
      Secret secret = secrets.get(key(target));
      if (secret == null) {
        return failed(RefResult.Failure.INVALID, id + " not found");
      }
      pem = secretValue(secret, CA_KEY);
    }
    if (pem.isEmpty() || pem.get().isBlank()) {
      return failed(RefResult.Failure.INVALID, id + " has no " + CA_KEY + " entry");
    }
    try {
      return new RefResult.Ok<>(
          Pem.parseCertificates(pem.get()).stream().map(Pem::certificate).toList());
    } catch (IllegalArgumentException e) {
      return failed(RefResult.Failure.INVALID, id + ": " + CA_KEY + ": " + e.getMessage());
    }
  }

  private <T> Optional<RefResult<T>> denied(
      Target target, ReferenceGrants.Kind from, String fromNamespace) {
    if (target.namespace().equals(fromNamespace)
        || grants.permits(
            from,
            fromNamespace,
            new ReferenceGrants.Kind("", target.kind()),
            target.namespace(),
            target.name())) {
      return Optional.empty();
    }
    return Optional.of(
        failed(
            RefResult.Failure.NOT_PERMITTED,
            target.kind()
                + " "
                + key(target)
                + " is in another namespace and no ReferenceGrant in namespace "
                + target.namespace()
                + " allows "
                + from.kind()
                + "s from namespace "
                + fromNamespace
                + " to refer to it"));
  }

  /** A Secret value: {@code stringData} wins over {@code data}, as the API server merges them. */
  private static Optional<String> secretValue(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return Optional.ofNullable(secret.getStringData().get(key));
    }
    if (secret.getData() == null || secret.getData().get(key) == null) {
      return Optional.empty();
    }
    try {
      byte[] decoded = Base64.getMimeDecoder().decode(secret.getData().get(key));
      return Optional.of(new String(decoded, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static <T> RefResult<T> failed(RefResult.Failure failure, String message) {
    return new RefResult.Failed<>(failure, message);
  }

  private static String key(Target target) {
    return target.namespace() + "/" + target.name();
  }

  private static <T extends HasMetadata> Map<String, T> index(List<T> objects) {
    return objects.stream()
        .collect(
            Collectors.toMap(
                o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
                Function.identity(),
                (a, b) -> a));
  }
}
