package dev.sluice.source.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.source.LoadResult;
import dev.sluice.source.Problem;
import dev.sluice.source.YamlResources;
import dev.sluice.source.folder.FolderSource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyStatusBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientTrafficPolicyLoadTest {

  @TempDir Path dir;

  private static final String POLICY =
      """
      apiVersion: gateway.sluice.dev/v1alpha1
      kind: ClientTrafficPolicy
      metadata:
        name: edge
      spec:
        targetRefs:
        - group: gateway.networking.k8s.io
          kind: Gateway
          name: web
          sectionName: http
        headers:
          maxRequestLineSize: 16Ki
          maxHeadersSize: 65536
          maxHeaders: 50
        timeouts:
          requestHeaders: 5s
          idle: 2m
          requestBody: 30s
          tunnelIdle: 10m
        connection:
          maxConnections: 500
          maxRequests: 200
          maxDuration: 30m
        http2:
          maxConcurrentStreams: 64
          initialStreamWindowSize: 1Mi
          maxResetsPer30s: 100
        tls:
          handshakeTimeout: 3s
          maxClientHelloSize: 16Ki
        body:
          maxBufferedSize: 2Mi
      """;

  private LoadResult load(String yaml) throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), yaml);
    return new FolderSource(List.of(dir)).load();
  }

  @Test
  void loadsEveryFieldIntoThePolicies() throws IOException {
    LoadResult result = load(POLICY);

    assertThat(result.problems()).isEmpty();
    List<ClientTrafficPolicy> policies = result.resources().policies(ClientTrafficPolicy.class);
    assertThat(policies).hasSize(1);
    ClientTrafficPolicy policy = policies.get(0);
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(policy.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(policy.getApiVersion()).isEqualTo("gateway.sluice.dev/v1alpha1");
    ClientTrafficPolicySpec spec = policy.spec().orElseThrow();
    assertThat(spec.targetRefs())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getName()).isEqualTo("web");
              assertThat(r.getSectionName()).isEqualTo("http");
            });
    assertThat(spec.headers().orElseThrow().maxRequestLineSize()).contains(new ByteSize("16Ki"));
    assertThat(spec.headers().orElseThrow().maxHeadersSize()).contains(new ByteSize("65536"));
    assertThat(spec.headers().orElseThrow().maxHeaders()).contains(50);
    assertThat(spec.timeouts().orElseThrow().idle()).contains("2m");
    assertThat(spec.timeouts().orElseThrow().requestBody()).contains("30s");
    assertThat(spec.timeouts().orElseThrow().tunnelIdle()).contains("10m");
    assertThat(spec.connection().orElseThrow().maxConnections()).contains(500);
    assertThat(spec.connection().orElseThrow().maxRequests()).contains(200);
    assertThat(spec.connection().orElseThrow().maxDuration()).contains("30m");
    assertThat(spec.http2().orElseThrow().maxHeaderListSize()).isEmpty();
    assertThat(spec.http2().orElseThrow().maxResetsPer30s()).contains(100);
    assertThat(spec.tls().orElseThrow().handshakeTimeout()).contains("3s");
    assertThat(spec.body().orElseThrow().maxBufferedSize()).contains(new ByteSize("2Mi"));
    assertThat(
            result
                .resources()
                .locationOf(
                    new dev.sluice.source.ObjectRef("ClientTrafficPolicy", "default", "edge")))
        .isPresent();
  }

  @Test
  void unsetSectionsAreEmptyAndTheSetEqualsAReload() throws IOException {
    LoadResult first =
        load(
            """
            apiVersion: gateway.sluice.dev/v1alpha1
            kind: ClientTrafficPolicy
            metadata: {name: bare}
            spec:
              targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: web}]
            """);
    ClientTrafficPolicySpec spec =
        first.resources().policies(ClientTrafficPolicy.class).get(0).spec().orElseThrow();
    assertThat(spec.headers()).isEmpty();
    assertThat(spec.body()).isEmpty();
    assertThat(new FolderSource(List.of(dir)).load()).isEqualTo(first);
  }

  @Test
  void aWrongTypeOrUnknownFieldIsAProblemWithTheLine() throws IOException {
    LoadResult result =
        load(
            """
            apiVersion: gateway.sluice.dev/v1alpha1
            kind: ClientTrafficPolicy
            metadata: {name: bad}
            spec:
              headers:
                maxHeaders: lots
                maxBodySize: 1Mi
            """);

    assertThat(result.resources().policies()).isEmpty();
    assertThat(result.problems()).extracting(p -> p.location().orElseThrow().line()).contains(6);
    assertThat(result.problems())
        .allMatch(
            p ->
                p.severity() == Problem.Severity.ERROR || p.severity() == Problem.Severity.WARNING);
    assertThat(result.problems()).anyMatch(p -> p.field().contains("maxHeaders"));
  }

  @Test
  void writesBackAsKubernetesStyleYamlWithItsStatus() throws IOException {
    ClientTrafficPolicy policy =
        load(POLICY).resources().policies(ClientTrafficPolicy.class).get(0);
    ClientTrafficPolicy withStatus =
        policy.withStatus(new PolicyStatusBuilder().withAncestors(List.of()).build());

    String yaml = YamlResources.toYaml(withStatus);

    assertThat(yaml)
        .startsWith("apiVersion: gateway.sluice.dev/v1alpha1\nkind: ClientTrafficPolicy\n")
        .contains("maxRequestLineSize: 16Ki")
        .contains("sectionName: http")
        .doesNotContain("plural")
        .doesNotContain("finalizers");
    assertThat(withStatus).isNotEqualTo(policy);
    assertThat(withStatus.status()).isPresent();
    assertThat(policy.status()).isEqualTo(Optional.empty());
    assertThat(YamlResources.yamlMapper().readValue(yaml, ClientTrafficPolicy.class))
        .isEqualTo(withStatus);
  }
}
