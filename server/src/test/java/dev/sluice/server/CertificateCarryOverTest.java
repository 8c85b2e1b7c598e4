package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;
import dev.sluice.ir.Listener;
import dev.sluice.ir.VirtualHost;
import dev.sluice.proxy.ProxyOptions;
import dev.sluice.proxy.ProxyServer;
import dev.sluice.source.Problem;
import dev.sluice.source.folder.FolderSource;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * G8 and L1 of reliability-security.md: a bad certificate rotation keeps the last good certificate
 * serving, with the problem on the listener's status, while a certificate removed on purpose (its
 * reference, its Secret, its ReferenceGrant) stops serving. A real data plane, real handshakes; the
 * served certificate is told apart by its serial number.
 */
class CertificateCarryOverTest {

  private static final CertificateAuthority CA = CertificateAuthority.create("carry-over test CA");
  private static final IssuedCertificate A = CA.issueServer("app.example");
  private static final IssuedCertificate B = CA.issueServer("app.example");

  @TempDir Path dir;
  private ProxyServer proxy;
  private ConfigPipeline pipeline;
  private int port;

  @BeforeEach
  void start() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    proxy = ProxyServer.create(ProxyOptions.defaults());
    pipeline = new ConfigPipeline(proxy, new AddressAllocator("127.0.0.1", Optional.empty()));
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void invalidSecretKeepsThePreviousCertificateAndSaysSo() throws Exception {
    apply(gateway("app-cert"), secret("default", "app-cert", A));
    assertThat(servedSerial()).isEqualTo(A.certificate().getSerialNumber());

    apply(gateway("app-cert"), garbage("default", "app-cert"));

    assertThat(servedSerial()).isEqualTo(A.certificate().getSerialNumber());
    Condition resolved = listenerCondition("ResolvedRefs");
    assertThat(resolved.getStatus() + "/" + resolved.getReason())
        .isEqualTo("False/InvalidCertificateRef");
    assertThat(resolved.getMessage())
        .contains("Secret default/app-cert: tls.crt")
        .contains("previous certificate of Secret default/app-cert is still served");
    assertThat(listenerCondition("Programmed").getStatus()).isEqualTo("True");
    assertThat(gatewayCondition("Programmed").getStatus()).isEqualTo("True");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("ERROR Gateway default/gw")
                    .contains("tls.certificateRefs[0]"))
        .anySatisfy(
            p -> assertThat(p).contains("WARNING Gateway default/gw").contains("listener https"));

    apply(gateway("app-cert"), secret("default", "app-cert", B));

    assertThat(servedSerial()).isEqualTo(B.certificate().getSerialNumber());
    assertThat(listenerCondition("ResolvedRefs").getStatus()).isEqualTo("True");
    assertThat(problems()).isEmpty();
  }

  @Test
  void keyOfAnotherCertificateIsRejectedForThatListenerOnlyAndTheRestOfTheReloadApplies()
      throws Exception {
    apply(gateway("app-cert"), secret("default", "app-cert", A));

    String mismatched = pair("default", "app-cert", B.chainPem(), A.privateKeyPem());
    apply(gateway("app-cert"), mismatched, route("late.example"));

    assertThat(servedSerial()).isEqualTo(A.certificate().getSerialNumber());
    assertThat(listenerCondition("ResolvedRefs").getMessage())
        .contains("does not belong to the certificate")
        .contains("still served");
    assertThat(hostnamesOfServedRoutes())
        .as("the same reload's new route is served on the listener that kept its certificate")
        .contains("late.example");
  }

  @Test
  void keepsThePreviousCertificateAcrossFurtherReloadsWhileTheSecretStaysBroken() throws Exception {
    apply(gateway("app-cert"), secret("default", "app-cert", A));
    apply(gateway("app-cert"), garbage("default", "app-cert"));

    apply(gateway("app-cert"), garbage("default", "app-cert"), route("later.example"));

    assertThat(servedSerial()).isEqualTo(A.certificate().getSerialNumber());
    assertThat(hostnamesOfServedRoutes()).contains("later.example");
  }

  @Test
  void removedCertificateRefIsNotKept() throws Exception {
    apply(gateway("app-cert"), secret("default", "app-cert", A));

    apply(
        gateway("other-cert"), secret("default", "app-cert", A), garbage("default", "other-cert"));

    assertNotServed();
    assertThat(listenerCondition("ResolvedRefs").getMessage()).doesNotContain("still served");
    assertThat(listenerCondition("Programmed").getStatus()).isEqualTo("False");
  }

  @Test
  void deletedSecretIsNotKept() throws Exception {
    apply(gateway("app-cert"), secret("default", "app-cert", A));

    apply(gateway("app-cert"));

    assertNotServed();
    assertThat(listenerCondition("ResolvedRefs").getMessage()).contains("not found");
  }

  @Test
  void withdrawnReferenceGrantIsNotKept() throws Exception {
    String grant =
        """
        apiVersion: gateway.networking.k8s.io/v1beta1
        kind: ReferenceGrant
        metadata: {name: gateways, namespace: certs}
        spec:
          from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: default}]
          to: [{group: "", kind: Secret}]
        """;
    String gateway =
        gateway("app-cert").replace("{name: app-cert}", "{name: app-cert, namespace: certs}");
    apply(gateway, secret("certs", "app-cert", A), grant);
    assertThat(servedSerial()).isEqualTo(A.certificate().getSerialNumber());

    apply(gateway, secret("certs", "app-cert", A));

    assertNotServed();
    assertThat(listenerCondition("ResolvedRefs").getReason()).isEqualTo("RefNotPermitted");
  }

  @Test
  void listenerThatNeverHadAGoodCertificateStaysUnserved() throws Exception {
    apply(gateway("app-cert"), garbage("default", "app-cert"));

    assertNotServed();
    assertThat(listenerCondition("ResolvedRefs").getMessage()).doesNotContain("still served");
  }

  @Test
  void listenerOfAListenerSetKeepsItsPreviousCertificateToo() throws Exception {
    int httpPort;
    try (ServerSocket free = new ServerSocket(0)) {
      httpPort = free.getLocalPort();
    }
    String gateway =
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: sluice}
        spec: {controllerName: sluice.dev/gateway-controller}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: gw, namespace: default}
        spec:
          gatewayClassName: sluice
          allowedListeners: {namespaces: {from: Same}}
          listeners:
            - {name: http, protocol: HTTP, port: %d}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: ListenerSet
        metadata: {name: tenant, namespace: default}
        spec:
          parentRef: {name: gw}
          listeners:
            - name: secure
              protocol: HTTPS
              port: %d
              tls:
                certificateRefs: [{name: app-cert}]
        """
            .formatted(httpPort, port);
    apply(gateway, secret("default", "app-cert", A));
    assertThat(servedSerial()).isEqualTo(A.certificate().getSerialNumber());

    apply(gateway, garbage("default", "app-cert"));

    assertThat(servedSerial()).isEqualTo(A.certificate().getSerialNumber());
    ListenerSet set =
        pipeline.report().objects().stream()
            .filter(ListenerSet.class::isInstance)
            .map(ListenerSet.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(set.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Programmed=True"))
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Accepted=True"));
    assertThat(set.getStatus().getListeners().get(0).getConditions())
        .anySatisfy(
            c ->
                assertThat(c.getType() + "=" + c.getStatus() + ": " + c.getMessage())
                    .startsWith("ResolvedRefs=False: Secret default/app-cert")
                    .contains("still served"));
    assertThat(problems())
        .anySatisfy(p -> assertThat(p).contains("WARNING ListenerSet default/tenant"));
  }

  private void apply(String... files) throws IOException {
    try (var old = Files.list(dir)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    for (int i = 0; i < files.length; i++) {
      Files.writeString(dir.resolve("config-" + i + ".yaml"), files[i]);
    }
    try (FolderSource source = new FolderSource(List.of(dir))) {
      pipeline.apply(source.load());
    }
  }

  /** The serial number of the certificate the HTTPS listener presents for {@code app.example}. */
  private BigInteger servedSerial() throws Exception {
    try (SSLSocket socket =
        (SSLSocket) clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName("app.example")));
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  /** No handshake succeeds: the socket is gone, or nothing on it has a certificate. */
  private void assertNotServed() {
    assertThatThrownBy(this::servedSerial).isInstanceOf(IOException.class);
    assertThat(proxy.currentIr().listeners()).noneMatch(l -> l.port() == port);
  }

  private static SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", CA.rootCertificate());
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private List<String> hostnamesOfServedRoutes() {
    return proxy.currentIr().listeners().stream()
        .map(Listener::virtualHosts)
        .flatMap(List::stream)
        .map(VirtualHost::routes)
        .flatMap(List::stream)
        .flatMap(route -> route.hostnames().stream())
        .toList();
  }

  private Condition listenerCondition(String type) {
    return gatewayStatus().getStatus().getListeners().get(0).getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no listener condition " + type));
  }

  private Condition gatewayCondition(String type) {
    return gatewayStatus().getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Gateway condition " + type));
  }

  private Gateway gatewayStatus() {
    return pipeline.report().objects().stream()
        .filter(Gateway.class::isInstance)
        .map(Gateway.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Gateway status in " + names()));
  }

  private List<String> names() {
    return pipeline.report().objects().stream().map(HasMetadata::getFullResourceName).toList();
  }

  private List<String> problems() {
    return pipeline.report().problems().stream().map(Problem::toString).toList();
  }

  /** A Gateway with one HTTPS listener on {@link #port} using Secret {@code secret}. */
  private String gateway(String secret) {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: sluice}
        spec: {controllerName: sluice.dev/gateway-controller}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: gw, namespace: default}
        spec:
          gatewayClassName: sluice
          listeners:
            - name: https
              protocol: HTTPS
              port: %d
              tls:
                certificateRefs: [{name: %s}]
        """
        .formatted(port, secret);
  }

  private static String route(String hostname) {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: late, namespace: default}
        spec:
          parentRefs: [{name: gw}]
          hostnames: [%s]
          rules:
            - backendRefs: [{name: absent, port: 80}]
        """
        .formatted(hostname);
  }

  private static String secret(String namespace, String name, IssuedCertificate certificate) {
    return pair(namespace, name, certificate.chainPem(), certificate.privateKeyPem());
  }

  /** A Secret whose certificate is not PEM at all. */
  private static String garbage(String namespace, String name) {
    return pair(namespace, name, "not a certificate", A.privateKeyPem());
  }

  private static String pair(String namespace, String name, String chainPem, String keyPem) {
    return """
        apiVersion: v1
        kind: Secret
        type: kubernetes.io/tls
        metadata: {name: %s, namespace: %s}
        stringData:
          tls.crt: |
        %s
          tls.key: |
        %s
        """
        .formatted(name, namespace, indent(chainPem), indent(keyPem));
  }

  private static String indent(String pem) {
    return pem.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
  }
}
