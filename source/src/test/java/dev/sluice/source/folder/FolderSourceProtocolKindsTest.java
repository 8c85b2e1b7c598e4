package dev.sluice.source.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.source.LoadResult;
import dev.sluice.source.ObjectRef;
import dev.sluice.source.ResourceSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the kinds beyond HTTP: gRPC, TLS, TCP and UDP routes, policies, ConfigMaps. */
class FolderSourceProtocolKindsTest {

  private static final String V1 = "gateway.networking.k8s.io/v1";

  @TempDir Path dir;

  @Test
  void loadsGrpcRoute() throws IOException {
    ResourceSet set =
        load(
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {name: grpc}
            spec:
              parentRefs: [{name: gw}]
              hostnames: [grpc.example.com]
              rules:
              - name: echo
                matches:
                - method: {service: echo.Echo, method: Ping}
                  headers: [{name: version, value: one}]
                filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier: {set: [{name: x, value: y}]}
                backendRefs: [{name: grpc-backend, port: 9000, weight: 3}]
            """);

    var route = set.grpcRoutes().get(0);
    assertThat(route.getApiVersion()).isEqualTo(V1);
    assertThat(route.getMetadata().getNamespace()).isEqualTo("default");
    var rule = route.getSpec().getRules().get(0);
    assertThat(rule.getName()).isEqualTo("echo");
    assertThat(rule.getMatches().get(0).getMethod().getService()).isEqualTo("echo.Echo");
    assertThat(rule.getMatches().get(0).getHeaders().get(0).getValue()).isEqualTo("one");
    assertThat(rule.getBackendRefs().get(0).getWeight()).isEqualTo(3);
  }

  @Test
  void readsOlderTlsTcpAndUdpRouteVersionsIntoV1() throws IOException {
    ResourceSet set =
        load(
            """
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TLSRoute
            metadata: {name: tls-a2}
            spec:
              hostnames: [abc.example.com]
              rules: [{backendRefs: [{name: tls, port: 443}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha3
            kind: TLSRoute
            metadata: {name: tls-a3}
            spec:
              hostnames: [abc.example.com]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: TLSRoute
            metadata: {name: tls-v1}
            spec:
              hostnames: [abc.example.com]
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TCPRoute
            metadata: {name: tcp-a2}
            spec:
              rules: [{backendRefs: [{name: tcp, port: 3000}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: TCPRoute
            metadata: {name: tcp-v1}
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: UDPRoute
            metadata: {name: udp-a2}
            spec:
              rules: [{backendRefs: [{name: dns, port: 53}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: UDPRoute
            metadata: {name: udp-v1}
            """);

    assertThat(set.tlsRoutes())
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("tls-a2", "tls-a3", "tls-v1");
    assertThat(set.tlsRoutes()).allSatisfy(r -> assertThat(r.getApiVersion()).isEqualTo(V1));
    assertThat(set.tlsRoutes().get(0).getSpec().getRules().get(0).getBackendRefs().get(0).getPort())
        .isEqualTo(443);
    assertThat(set.tcpRoutes()).extracting(HasMetadata::getApiVersion).containsOnly(V1);
    assertThat(set.tcpRoutes()).hasSize(2);
    assertThat(set.udpRoutes()).extracting(HasMetadata::getApiVersion).containsOnly(V1);
    assertThat(set.udpRoutes().get(0).getSpec().getRules().get(0).getBackendRefs().get(0).getName())
        .isEqualTo("dns");
  }

  @Test
  void loadsBackendTlsPolicyInBothVersions() throws IOException {
    ResourceSet set =
        load(
            """
            apiVersion: gateway.networking.k8s.io/v1alpha3
            kind: BackendTLSPolicy
            metadata: {name: old}
            spec:
              targetRefs: [{group: "", kind: Service, name: backend, sectionName: https}]
              validation:
                hostname: abc.example.com
                caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: BackendTLSPolicy
            metadata: {name: new, namespace: apps}
            spec:
              targetRefs: [{group: "", kind: Service, name: backend}]
              validation:
                hostname: abc.example.com
                wellKnownCACertificates: System
                subjectAltNames:
                - {type: URI, uri: "spiffe://abc.example.com/test"}
            """);

    assertThat(set.backendTlsPolicies()).hasSize(2);
    var old = set.backendTlsPolicies().get(0);
    assertThat(old.getApiVersion()).isEqualTo(V1);
    assertThat(old.getSpec().getTargetRefs().get(0).getSectionName()).isEqualTo("https");
    assertThat(old.getSpec().getValidation().getCaCertificateRefs().get(0).getName())
        .isEqualTo("ca");
    var current = set.backendTlsPolicies().get(1);
    assertThat(current.getMetadata().getNamespace()).isEqualTo("apps");
    assertThat(current.getSpec().getValidation().getSubjectAltNames().get(0).getUri())
        .isEqualTo("spiffe://abc.example.com/test");
  }

  @Test
  void loadsListenerSetAndConfigMapWithLocations() throws IOException {
    Path file =
        write(
            "ls.yaml",
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: ListenerSet
            metadata: {name: extra}
            spec:
              parentRef: {name: gw}
              listeners:
              - {name: http-extra, protocol: HTTP, port: 8080}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: ca, namespace: infra}
            data:
              ca.crt: |
                -----BEGIN CERTIFICATE-----
            """);

    LoadResult result = new FolderSource(List.of(dir)).load();

    assertThat(result.problems()).isEmpty();
    ResourceSet set = result.resources();
    assertThat(set.listenerSets())
        .singleElement()
        .satisfies(ls -> assertThat(ls.getSpec().getListeners().get(0).getPort()).isEqualTo(8080));
    assertThat(set.configMaps())
        .singleElement()
        .satisfies(cm -> assertThat(cm.getData()).containsKey("ca.crt"));
    assertThat(set.locationOf(new ObjectRef("ConfigMap", "infra", "ca")))
        .hasValueSatisfying(l -> assertThat(l.line()).isEqualTo(9))
        .hasValueSatisfying(l -> assertThat(l.file()).isEqualTo(file.toString()));
  }

  @Test
  void rejectsVersionsThatDoNotExist() throws IOException {
    write(
        "bad.yaml",
        """
        apiVersion: gateway.networking.k8s.io/v1beta1
        kind: TCPRoute
        metadata: {name: nope}
        """);

    LoadResult result = new FolderSource(List.of(dir)).load();

    assertThat(result.resources().tcpRoutes()).isEmpty();
    assertThat(FolderSourceLoadTest.messages(result))
        .singleElement()
        .asString()
        .contains("gateway.networking.k8s.io/v1beta1 TCPRoute")
        .contains("gateway.networking.k8s.io/v1alpha2 TCPRoute");
  }

  private ResourceSet load(String yaml) throws IOException {
    write("config.yaml", yaml);
    LoadResult result = new FolderSource(List.of(dir)).load();
    assertThat(result.problems()).isEmpty();
    return result.resources();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
