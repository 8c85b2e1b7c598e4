package dev.sluice.source.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.source.LoadResult;
import dev.sluice.source.ObjectRef;
import dev.sluice.source.Problem;
import dev.sluice.source.ResourceSet;
import dev.sluice.source.SourceLocation;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceLoadTest {

  @TempDir Path dir;

  private static final String ALL_KINDS =
      """
      # every supported kind, one file
      apiVersion: gateway.networking.k8s.io/v1
      kind: GatewayClass
      metadata:
        name: sluice
      spec:
        controllerName: sluice.dev/gateway-controller
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata:
        name: web
      spec:
        gatewayClassName: sluice
        listeners:
        - name: http
          port: 8080
          protocol: HTTP
      ---
      apiVersion: gateway.networking.k8s.io/v1beta1
      kind: HTTPRoute
      metadata:
        name: app
        namespace: apps
      spec:
        parentRefs:
        - name: web
          namespace: default
        rules:
        - backendRefs:
          - name: app
            port: 80
      ---
      apiVersion: gateway.networking.k8s.io/v1beta1
      kind: ReferenceGrant
      metadata:
        name: allow
        namespace: default
      spec:
        from:
        - group: gateway.networking.k8s.io
          kind: HTTPRoute
          namespace: apps
        to:
        - group: ""
          kind: Service
      ---
      apiVersion: v1
      kind: Namespace
      metadata:
        name: apps
        labels:
          team: a
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: app
        namespace: apps
      spec:
        ports:
        - port: 80
          targetPort: http
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: app-1
        namespace: apps
        labels:
          kubernetes.io/service-name: app
      addressType: IPv4
      endpoints:
      - addresses: ["127.0.0.1"]
      ports:
      - port: 9000
      ---
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: tls
      type: kubernetes.io/tls
      stringData:
        tls.crt: abc
      """;

  @Test
  void loadsEveryKindWithDefaultsAndLocations() throws IOException {
    Path file = write("all.yaml", ALL_KINDS);
    Instant modified = Instant.parse("2024-05-01T10:20:30.456Z");
    Files.setLastModifiedTime(file, FileTime.from(modified));

    LoadResult result = new FolderSource(List.of(dir)).load();

    assertThat(result.problems()).isEmpty();
    ResourceSet set = result.resources();
    assertThat(set.gatewayClasses())
        .singleElement()
        .satisfies(c -> assertThat(c.getMetadata().getNamespace()).isNull());
    assertThat(set.gateways())
        .singleElement()
        .satisfies(g -> assertThat(g.getMetadata().getNamespace()).isEqualTo("default"))
        .satisfies(g -> assertThat(g.getSpec().getListeners().get(0).getPort()).isEqualTo(8080));
    HTTPRoute route = set.httpRoutes().get(0);
    assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
    assertThat(route.getMetadata().getNamespace()).isEqualTo("apps");
    assertThat(route.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(route.getMetadata().getCreationTimestamp()).isEqualTo("2024-05-01T10:20:30Z");
    assertThat(set.referenceGrants()).hasSize(1);
    assertThat(set.namespaces())
        .singleElement()
        .satisfies(n -> assertThat(n.getMetadata().getLabels()).containsEntry("team", "a"));
    assertThat(set.services().get(0).getSpec().getPorts().get(0).getTargetPort().getStrVal())
        .isEqualTo("http");
    assertThat(set.endpointSlices().get(0).getEndpoints().get(0).getAddresses())
        .containsExactly("127.0.0.1");
    assertThat(set.secrets())
        .singleElement()
        .satisfies(s -> assertThat(s.getMetadata().getNamespace()).isEqualTo("default"));

    String name = file.toString();
    assertThat(set.locations())
        .containsEntry(new ObjectRef("GatewayClass", "", "sluice"), new SourceLocation(name, 2))
        .containsEntry(new ObjectRef("Gateway", "default", "web"), new SourceLocation(name, 9))
        .containsEntry(new ObjectRef("HTTPRoute", "apps", "app"), new SourceLocation(name, 20))
        .containsEntry(new ObjectRef("Namespace", "", "apps"), new SourceLocation(name, 48))
        .containsEntry(new ObjectRef("Secret", "default", "tls"), new SourceLocation(name, 79))
        .hasSize(8);
  }

  @Test
  void keepsExplicitGenerationAndTimestamp() throws IOException {
    write(
        "gw.yaml",
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: web
          namespace: edge
          generation: 7
          creationTimestamp: "2020-01-01T00:00:00Z"
        """);

    var gateway = new FolderSource(List.of(dir)).load().resources().gateways().get(0);

    assertThat(gateway.getMetadata().getGeneration()).isEqualTo(7L);
    assertThat(gateway.getMetadata().getCreationTimestamp()).isEqualTo("2020-01-01T00:00:00Z");
    assertThat(gateway.getMetadata().getNamespace()).isEqualTo("edge");
  }

  @Test
  void readsFoldersRecursivelyInSortedOrderSkippingHiddenAndTempFiles() throws IOException {
    write("b.yml", service("b"));
    write("a/z.yaml", service("z"));
    write("a.yaml", service("a"));
    write(".hidden.yaml", service("hidden"));
    write(".git/config.yaml", service("git"));
    write("#a.yaml#", service("autosave"));
    write("a.yaml~", service("backup"));
    write("notes.txt", "not yaml: [");

    LoadResult result = new FolderSource(List.of(dir)).load();

    assertThat(result.problems()).isEmpty();
    assertThat(result.resources().services())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("a", "z", "b"); // a.yaml, a/z.yaml, b.yml
  }

  @Test
  void readsAGivenFileWhateverItsNameAndOnlyOnce() throws IOException {
    Path file = write("routes.txt", service("x"));

    LoadResult result = new FolderSource(List.of(file, file)).load();

    assertThat(result.problems()).isEmpty();
    assertThat(result.resources().services()).hasSize(1);
  }

  static String service(String name) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %s
        spec:
          ports:
          - port: 80
        """
        .formatted(name);
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  static List<String> messages(LoadResult result) {
    return result.problems().stream().map(Problem::toString).toList();
  }
}
