package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;
import dev.sluice.source.Problem;
import dev.sluice.testing.EchoBackend;
import dev.sluice.testing.FreePorts;
import dev.sluice.testing.TestGateway;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * L1 and L2 of reliability-security.md §4: bad config pushed to a running Sluice (a real server
 * watching a temp folder). A file that cannot be parsed is rejected as a whole and the last good
 * snapshot keeps serving; an object with a bad value is rejected on its own, as the Gateway API
 * asks, with a status condition and a problem naming file, line and object, while every other
 * object keeps serving. A Secret that becomes unusable keeps the listener's previous certificate
 * serving, with the problem on its status (G8). A rule whose backend becomes invalid answers 500
 * (L2).
 */
class ConfigRejectionTest {

  private static final CertificateAuthority CA = CertificateAuthority.create("rejection test CA");

  private final IssuedCertificate original = CA.issueServer("app.example");
  private EchoBackend blue;
  private EchoBackend green;
  private TestGateway gateway;
  private SSLContext tlsContext;
  private int http;
  private int tls;

  @BeforeEach
  void start() throws Exception {
    blue = EchoBackend.start("blue");
    green = EchoBackend.start("green");
    http = FreePorts.next();
    tls = FreePorts.next();
    tlsContext = tlsContext();
    gateway =
        TestGateway.start(
            "gateway.yaml",
            gatewayYaml("gw", http, tls),
            "cert.yaml",
            secret(original),
            "backends.yaml",
            Yaml.docs(blue.yaml(), green.yaml()),
            "route.yaml",
            Yaml.route("app", "gw", "/", "blue"),
            "other.yaml",
            Yaml.route("other", "gw", "/other", "green"));
    assertServing();
  }

  @AfterEach
  void stop() {
    gateway.close();
    blue.close();
    green.close();
  }

  @Test
  void l1_yamlSyntaxErrorIsRejectedAsAWholeAndTheLastGoodSnapshotServes() {
    gateway.write(
        "route.yaml",
        Yaml.route("app", "gw", "/", "green") + "  extra: [unclosed\n---\nkind: : :\n");

    assertServing();
    assertThat(problems())
        .anySatisfy(p -> assertThat(p).contains("route.yaml:").contains("ERROR"))
        .anySatisfy(p -> assertThat(p).contains("still serving the last good config"));
  }

  @Test
  void l1_unknownKindOrMissingNameInAFileIsReportedAndNothingElseChanges() {
    gateway.write(
        "route.yaml",
        Yaml.route("app", "gw", "/", "blue")
            + "---\napiVersion: v1\nkind: Service\nmetadata: {}\n");

    assertServing();
    assertThat(problems()).anySatisfy(p -> assertThat(p).contains("route.yaml:").contains("ERROR"));
  }

  @Test
  void l1_invalidRegexRejectsThatRouteWithAStatusAndOthersServe() {
    String route =
        Yaml.route("other", "gw", "/other", "green")
            .replace("type: PathPrefix", "type: RegularExpression")
            .replace("value: /other", "value: \"/(other)\\\\1\"");
    gateway.write("other.yaml", route);

    assertThat(routeCondition("other", "Accepted"))
        .isEqualTo("False/UnsupportedValue")
        .as("the route's status names the field and RE2");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("other.yaml:1")
                    .contains("HTTPRoute default/other")
                    .contains("spec.rules[0].matches[0].path.value")
                    .contains("RE2"));
    assertThat(EchoJson.service(gateway.get(http, "app.example", "/x").body())).isEqualTo("blue");
  }

  /**
   * G8: the HTTPS listener's Secret becomes unusable (a bad rotation). The Gateway reports
   * InvalidCertificateRef naming the file and field, and says that the previous certificate is
   * still served; HTTPS keeps serving that certificate and the plain HTTP listener is unaffected. A
   * fixed Secret then serves the new certificate.
   */
  @Test
  void l1_badCertificateKeepsThePreviousCertificateServingAndIsReported() {
    gateway.write(
        "cert.yaml",
        secret(CA.issueServer("app.example"))
            .replaceAll("(?s)tls.key: \\|.*", "tls.key: |\n    not a private key\n"));

    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("gateway.yaml:")
                    .contains("Gateway default/gw")
                    .contains("tls.certificateRefs[0]")
                    .contains("tls.key"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("WARNING Gateway default/gw")
                    .contains("previous certificate of Secret default/app-cert is still served"));
    assertThat(listenerCondition("gw", "https", "ResolvedRefs"))
        .isEqualTo("False/InvalidCertificateRef");
    assertThat(listenerMessage("gw", "https", "ResolvedRefs"))
        .contains("Secret default/app-cert")
        .contains("still served");
    assertThat(listenerCondition("gw", "https", "Programmed")).isEqualTo("True/Programmed");
    assertThat(servedSerial()).isEqualTo(original.certificate().getSerialNumber());
    assertServing();

    IssuedCertificate renewed = CA.issueServer("app.example");
    gateway.write("cert.yaml", secret(renewed));
    assertServing();
    assertThat(servedSerial()).isEqualTo(renewed.certificate().getSerialNumber());
    assertThat(listenerCondition("gw", "https", "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
  }

  /** A certificate removed on purpose is not kept: with its Secret gone, HTTPS stops serving it. */
  @Test
  void l1_deletedCertificateSecretIsNotKept() {
    gateway.delete("cert.yaml");

    assertThat(listenerCondition("gw", "https", "ResolvedRefs"))
        .isEqualTo("False/InvalidCertificateRef");
    assertThat(listenerMessage("gw", "https", "ResolvedRefs")).doesNotContain("still served");
    assertThatThrownBy(this::servedSerial).isInstanceOf(UncheckedIOException.class);
    assertThat(EchoJson.service(gateway.get(http, "app.example", "/x").body())).isEqualTo("blue");
  }

  @Test
  void l1_duplicateListenerPortIsAConflictAndTheFirstGatewayKeepsServing() {
    String second = gatewayYaml("second", http, FreePorts.next());
    gateway.write("second.yaml", second.substring(second.indexOf("---") + 4));

    assertThat(problems())
        .anySatisfy(p -> assertThat(p).contains("second.yaml:").contains("Gateway default/second"));
    assertServing();
  }

  @Test
  void l2_ruleWhoseBackendBecomesInvalidAnswers500AndItsStatusSaysWhy() {
    gateway.write("other.yaml", Yaml.route("other", "gw", "/other", "removed-service"));

    assertThat(gateway.get(http, "app.example", "/other/x").statusCode()).isEqualTo(500);
    assertThat(routeCondition("other", "ResolvedRefs")).isEqualTo("False/BackendNotFound");
    assertThat(routeCondition("other", "Accepted")).isEqualTo("True/Accepted");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("other.yaml:1")
                    .contains("HTTPRoute default/other")
                    .contains("spec.rules[0].backendRefs[0]"));
    assertThat(EchoJson.service(gateway.get(http, "app.example", "/x").body())).isEqualTo("blue");

    gateway.write("other.yaml", Yaml.route("other", "gw", "/other", "green"));
    assertThat(EchoJson.service(gateway.get(http, "app.example", "/other/x").body()))
        .isEqualTo("green");
  }

  /** The original routes answer on both listeners, HTTPS with the original certificate. */
  private void assertServing() {
    assertThat(EchoJson.service(gateway.get(http, "app.example", "/x").body())).isEqualTo("blue");
    assertThat(EchoJson.service(gateway.get(http, "app.example", "/other/y").body()))
        .isEqualTo("green");
    String secure = getHttps("/secure");
    assertThat(secure).startsWith("HTTP/1.1 200").contains("\"blue\"");
  }

  private List<String> problems() {
    return gateway.server().status().problems().stream().map(Problem::toString).toList();
  }

  private String routeCondition(String name, String type) {
    HTTPRoute route = (HTTPRoute) object("HTTPRoute", name);
    return describe(route.getStatus().getParents().get(0).getConditions(), type);
  }

  private String listenerCondition(String gatewayName, String listener, String type) {
    Gateway gw = (Gateway) object("Gateway", gatewayName);
    return gw.getStatus().getListeners().stream()
        .filter(l -> l.getName().equals(listener))
        .map(l -> describe(l.getConditions(), type))
        .findFirst()
        .orElseThrow();
  }

  private String listenerMessage(String gatewayName, String listener, String type) {
    Gateway gw = (Gateway) object("Gateway", gatewayName);
    return gw.getStatus().getListeners().stream()
        .filter(l -> l.getName().equals(listener))
        .flatMap(l -> l.getConditions().stream())
        .filter(c -> c.getType().equals(type))
        .map(Condition::getMessage)
        .findFirst()
        .orElseThrow();
  }

  /** The serial number of the certificate the HTTPS listener presents for {@code app.example}. */
  private BigInteger servedSerial() {
    try (Socket plain = new Socket("127.0.0.1", tls);
        SSLSocket socket =
            (SSLSocket)
                tlsContext.getSocketFactory().createSocket(plain, "app.example", tls, true)) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HasMetadata object(String kind, String name) {
    return gateway.server().status().objects().stream()
        .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no status for " + kind + " " + name));
  }

  private static String describe(List<Condition> conditions, String type) {
    return conditions.stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse("absent");
  }

  /**
   * A GET over TLS to the HTTPS listener with SNI and Host {@code app.example}, verifying the
   * certificate against the test CA; returns the raw response.
   */
  private String getHttps(String path) {
    try (Socket plain = new Socket("127.0.0.1", tls);
        SSLSocket socket =
            (SSLSocket)
                tlsContext.getSocketFactory().createSocket(plain, "app.example", tls, true)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Trusts the test CA only. */
  private static SSLContext tlsContext() throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    CA.rootCertificatePem().getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static String gatewayYaml(String name, int httpPort, int tlsPort) {
    return Yaml.docs(
        Yaml.GATEWAY_CLASS,
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: %s, namespace: default}
        spec:
          gatewayClassName: sluice
          listeners:
            - {name: http, protocol: HTTP, port: %d}
            - name: https
              protocol: HTTPS
              port: %d
              tls:
                certificateRefs: [{name: app-cert}]
        """
            .formatted(name, httpPort, tlsPort));
  }

  private static String secret(IssuedCertificate certificate) {
    return """
        apiVersion: v1
        kind: Secret
        type: kubernetes.io/tls
        metadata: {name: app-cert, namespace: default}
        stringData:
          tls.crt: |
        %s
          tls.key: |
        %s
        """
        .formatted(indent(certificate.chainPem()), indent(certificate.privateKeyPem()));
  }

  private static String indent(String pem) {
    return pem.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
  }
}
