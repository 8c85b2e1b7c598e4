package dev.sluice.server;

import dev.sluice.ir.CertificateKeyPair;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.ListenerKey;
import dev.sluice.ir.VirtualHost;
import dev.sluice.source.ResourceSet;
import dev.sluice.translate.AddressPlan;
import dev.sluice.translate.TranslationMemo;
import dev.sluice.translate.TranslationResult;
import dev.sluice.translate.Translator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a config so that a TLS listener keeps its last good certificate while the Secret it
 * references exists but holds something unusable (bad PEM, a key that is not the certificate's, no
 * {@code tls.key}, not of type {@code kubernetes.io/tls}): a bad certificate rotation must not take
 * HTTPS down.
 *
 * <p>The rule, per listener (of a Gateway or a ListenerSet) and per Secret: listener L keeps
 * serving the pair it served from Secret S exactly when
 *
 * <ol>
 *   <li>L served a pair from S in the config applied before (a listener that never had a good
 *       certificate stays unserved),
 *   <li>S still exists (a deleted Secret was removed on purpose),
 *   <li>L still references S and may (a removed {@code certificateRef} or a withdrawn
 *       ReferenceGrant drops the pair), and nothing else keeps L from being served,
 *   <li>the content of S is what the translator rejected.
 * </ol>
 *
 * <p>How: translate as is; if a listener lost a pair whose Secret still exists, translate again
 * with those Secrets holding their previously served pairs. The translator, pure and unaware of
 * this, decides conditions 3 and 4 in that second pass. Only the listeners that get back exactly
 * their previous pairs take the second result; everything else is the first. Statuses and problems
 * are the first translation's ({@code ResolvedRefs=False/InvalidCertificateRef} naming the Secret),
 * amended by {@link CarriedStatus} to say that the previous certificate is still served, with a
 * warning from {@link CarriedWarnings}.
 *
 * <p>Stateless and thread-safe; the caller passes the IR it serves. Nothing is remembered across a
 * restart: after one, a broken Secret leaves its listeners unserved.
 */
final class CertificateCarryOver {

  private CertificateCarryOver() {}

  /**
   * {@link Translator#translate}, keeping the pairs {@code served} has as the rule above says. The
   * first translation goes through {@code memo} (only routes it has not seen are translated); the
   * rare second one, with the previous pairs, does not, so that the memo keeps matching the config
   * as it is.
   */
  static TranslationResult translate(
      ResourceSet resources, AddressPlan plan, GatewayIr served, TranslationMemo memo) {
    TranslationResult first = Translator.translate(resources, plan, memo);
    Map<ListenerKey, VirtualHost> before = ServedHosts.of(served);
    Map<String, CertificateKeyPair> lost = lostPairs(before, ServedHosts.of(first.ir()), resources);
    if (lost.isEmpty()) {
      return first;
    }
    TranslationResult second = Translator.translate(withPairs(resources, lost), plan);
    Map<ListenerKey, List<String>> carried = carried(before, first, second, lost);
    if (carried.isEmpty()) {
      return first;
    }
    return new TranslationResult(
        ServedHosts.merge(first.ir(), second.ir(), carried.keySet()),
        CarriedStatus.statuses(first.statuses(), second.statuses(), carried),
        CarriedWarnings.add(first.problems(), first.statuses(), carried, resources));
  }

  /** The served pairs that a listener no longer has, by Secret, when that Secret still exists. */
  private static Map<String, CertificateKeyPair> lostPairs(
      Map<ListenerKey, VirtualHost> before,
      Map<ListenerKey, VirtualHost> now,
      ResourceSet resources) {
    Map<String, CertificateKeyPair> lost = new LinkedHashMap<>();
    before.forEach(
        (key, host) -> {
          List<String> kept = ServedHosts.pairNames(Optional.ofNullable(now.get(key)));
          for (CertificateKeyPair pair : host.tls().orElseThrow().certificates()) {
            if (!kept.contains(pair.name()) && secret(resources, pair.name()).isPresent()) {
              lost.putIfAbsent(pair.name(), pair);
            }
          }
        });
    return lost;
  }

  /**
   * The listeners that take the second translation, each with the Secrets whose previous pair it
   * keeps: those it regained, provided every substituted pair it has is one it served before.
   */
  private static Map<ListenerKey, List<String>> carried(
      Map<ListenerKey, VirtualHost> before,
      TranslationResult first,
      TranslationResult second,
      Map<String, CertificateKeyPair> lost) {
    Map<ListenerKey, VirtualHost> firstHosts = ServedHosts.of(first.ir());
    Map<ListenerKey, List<String>> carried = new LinkedHashMap<>();
    ServedHosts.of(second.ir())
        .forEach(
            (key, host) -> {
              VirtualHost previous = before.get(key);
              List<CertificateKeyPair> substituted =
                  host.tls().orElseThrow().certificates().stream()
                      .filter(pair -> lost.containsKey(pair.name()))
                      .toList();
              List<String> had = ServedHosts.pairNames(Optional.ofNullable(firstHosts.get(key)));
              List<String> regained =
                  substituted.stream()
                      .map(CertificateKeyPair::name)
                      .filter(n -> !had.contains(n))
                      .toList();
              if (previous != null
                  && !regained.isEmpty()
                  && previous.tls().orElseThrow().certificates().containsAll(substituted)) {
                carried.put(key, regained);
              }
            });
    return carried;
  }

  /** {@code resources} with each Secret named in {@code pairs} holding that pair instead. */
  private static ResourceSet withPairs(
      ResourceSet resources, Map<String, CertificateKeyPair> pairs) {
    List<Secret> secrets = new ArrayList<>();
    for (Secret secret : resources.secrets()) {
      CertificateKeyPair pair = pairs.get(key(secret));
      secrets.add(pair == null ? secret : holding(secret, pair));
    }
    return new ResourceSet(
        resources.gatewayClasses(),
        resources.gateways(),
        resources.listenerSets(),
        resources.httpRoutes(),
        resources.grpcRoutes(),
        resources.tlsRoutes(),
        resources.tcpRoutes(),
        resources.udpRoutes(),
        resources.referenceGrants(),
        resources.backendTlsPolicies(),
        resources.namespaces(),
        resources.services(),
        resources.endpointSlices(),
        secrets,
        resources.configMaps(),
        resources.locations(),
        resources.policies());
  }

  /**
   * {@code secret} with {@code pair} in {@code stringData}, which wins over {@code data}; other
   * entries (a {@code ca.crt} used for client validation) stay as they are.
   */
  private static Secret holding(Secret secret, CertificateKeyPair pair) {
    Map<String, String> strings = new HashMap<>();
    if (secret.getStringData() != null) {
      strings.putAll(secret.getStringData());
    }
    strings.put("tls.crt", pair.certificateChainPem());
    strings.put("tls.key", pair.privateKey().pem());
    return new SecretBuilder(secret).withType("kubernetes.io/tls").withStringData(strings).build();
  }

  private static Optional<Secret> secret(ResourceSet resources, String key) {
    return resources.secrets().stream().filter(s -> key(s).equals(key)).findFirst();
  }

  /** {@code namespace/name}, as {@link CertificateKeyPair#name()} names the Secret of a pair. */
  private static String key(Secret secret) {
    return secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
  }
}
